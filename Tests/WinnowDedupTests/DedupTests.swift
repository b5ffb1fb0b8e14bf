import Testing
@testable import WinnowDedup
import WinnowCore

@Test func placeholderBuilds() { #expect(SignatureParams.bins == 128) }
