import Testing

@testable import TerminalUI

@Suite struct DisplayWidthTests {
  @Test func asciiIsOneColumnEach() {
    #expect(displayWidth("nginx-7c5ddbd") == 13)
    #expect(displayWidth("") == 0)
  }

  @Test func hangulAndCJKAreTwoColumns() {
    #expect(displayWidth("한글") == 4)
    #expect(displayWidth("쿠버네티스") == 10)
    #expect(displayWidth("kube-系统") == 9)
    #expect(displayWidth("ｋ") == 2)  // fullwidth latin
    #expect(displayWidth("カ") == 2)
  }

  @Test func emojiAreTwoColumns() {
    #expect(displayWidth("🚀") == 2)
    #expect(displayWidth("👍🏽") == 2)  // with skin-tone modifier
    #expect(displayWidth("👩‍💻") == 2)  // ZWJ sequence
    #expect(displayWidth("🇰🇷") == 2)  // flag
    #expect(displayWidth("❤️") == 2)  // text default + VS16
    #expect(displayWidth("✓") == 1)
    #expect(displayWidth("●") == 1)
  }

  @Test func combiningMarksAddNothing() {
    #expect(displayWidth("e\u{301}") == 1)
    #expect(displayWidth("Cafe\u{301}") == 4)
    #expect(displayWidth("\u{200B}") == 0)
    // Hangul written as conjoining jamo: leading consonant wide, vowel and final zero.
    #expect(displayWidth("\u{1100}\u{1161}\u{11A8}") == 2)
  }

  @Test func truncationCountsColumns() {
    #expect("한글테스트".truncated(to: 5) == "한글…")
    #expect("한글테스트".truncated(to: 6) == "한글…")
    #expect("한글테스트".truncated(to: 7) == "한글테…")
    #expect("hello".truncated(to: 5) == "hello")
    #expect("hello!".truncated(to: 5) == "hell…")
    #expect("hello".truncated(to: 0) == "")
  }

  @Test func paddingCountsColumns() {
    #expect("한글".padded(to: 6) == "한글  ")
    #expect("한글".padded(to: 6, alignment: .right) == "  한글")
    #expect("ab".padded(to: 5, alignment: .center) == " ab  ")
    #expect("한글".padded(to: 6).displayWidth == 6)
    #expect("한글한글".padded(to: 5).displayWidth == 5)
  }
}
