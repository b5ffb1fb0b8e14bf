import Testing
import WinnowCore
@testable import WinnowClean

@Test func placeholderBuild() { #expect(CleanTextStage.typeName == "clean_text") }
