import Foundation
@testable import WinnowClean
while let line = readLine() {
    let s = TextCleaner.scalars(line)
    print(MojibakeFixer.cost(s), MojibakeFixer.nonASCII(s), line)
    for enc in MojibakeFixer.encodings {
        if let e = MojibakeFixer.encodings.firstIndex(where: { $0.name == enc.name }), let b = MojibakeFixer.encode(s[...], e, allowPlaceholder: true), let d = MojibakeFixer.decodeUTF8(b, placeholder: true, restore: true, lossyQuestion: false) {
            print("  ", enc.name, MojibakeFixer.cost(d), TextCleaner.string(d))
        }
    }
    if let f = MojibakeFixer.fixFragments(s) { print("  frag:", TextCleaner.string(f)) }
}
