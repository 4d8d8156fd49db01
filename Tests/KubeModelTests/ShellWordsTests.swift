import Testing

@testable import KubeModel

/// Word splitting shared by the dashboard's command line and container scripts.
struct ShellWordsTests {
  @Test func blanksSeparateAndQuotesGroup() {
    let split = ShellWords("echo  \"hello world\" 'a b'\tend", backslashEscapes: false)
    #expect(split.words == ["echo", "hello world", "a b", "end"])
    #expect(!split.unterminatedQuote)
  }

  @Test func emptyQuotesMakeAnEmptyWord() {
    #expect(ShellWords(#"label app="""#, backslashEscapes: true).words == ["label", "app="])
    #expect(ShellWords(#"x '' y"#, backslashEscapes: false).words == ["x", "", "y"])
  }

  @Test func backslashEscapesOnlyWhenAskedAndNotInSingleQuotes() {
    #expect(ShellWords(#"a\ b 'c\d'"#, backslashEscapes: true).words == ["a b", #"c\d"#])
    #expect(ShellWords(#"a\ b"#, backslashEscapes: false).words == [#"a\"#, "b"])
  }

  @Test func anOpenQuoteIsReported() {
    let split = ShellWords(#"echo "never closed"#, backslashEscapes: true)
    #expect(split.unterminatedQuote)
    #expect(split.words == ["echo", "never closed"])
  }
}
