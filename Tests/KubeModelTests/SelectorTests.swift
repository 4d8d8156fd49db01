import Testing
@testable import KubeModel

// Cases ported from kubernetes/apimachinery pkg/labels/selector_test.go and
// pkg/apis/meta/v1/helpers_test.go (TestLabelSelectorAsSelector). Upstream's parser
// lookahead test drives Go internals and is covered by the lexer sequences below;
// SafeSort and the benchmarks are Go-only.

private typealias Requirement = Selector.Requirement

private func requirement(_ key: String, _ op: Requirement.Operator, _ values: [String] = []) throws -> Requirement {
  try Requirement(key: key, operator: op, values: values.sorted())
}

/// The message of the error `body` throws, or nil if it succeeds.
private func errorMessage(_ body: () throws -> Void) -> String? {
  do {
    try body()
    return nil
  } catch let error as SelectorError {
    return error.description
  } catch {
    return "unexpected \(error)"
  }
}

private func raw(_ key: String, _ op: Requirement.Operator, _ values: [String]) -> Requirement {
  Requirement(uncheckedKey: key, operator: op, values: values)
}

@Test func selectorParseRestrings() throws {
  let good = ["x=a,y=b,z=c", "", "x!=a,y=b", "x=", "x= ", "x=,z= ", "x= ,z= ", "!x", "x>1", "x>1,z<5"]
  for text in good {
    let selector = try Selector(parsing: text)
    #expect(selector.description == text.replacingOccurrences(of: " ", with: ""), "\(text)")
  }
  for text in ["x=a||y=b", "x==a==b", "!x=a", "x<a"] {
    #expect(throws: SelectorError.self, "\(text)") { try Selector(parsing: text) }
  }
}

@Test func selectorParseIsDeterministic() throws {
  #expect(try Selector(parsing: "x=a,a=x").description == Selector(parsing: "a=x,x=a").description)
}

@Test func selectorEverything() throws {
  #expect(Selector.everything.matches(["x": "y"]))
  #expect(Selector.everything.isEverything)
  #expect(Selector(matchingLabels: [:]).isEverything)
  #expect(try Selector(parsing: "").isEverything)
  #expect(!Selector.nothing.matches(["x": "y"]))
  #expect(!Selector.nothing.isEverything)
}

@Test func selectorMatches() throws {
  let matching: [(String, [String: String])] = [
    ("", ["x": "y"]), ("x=y", ["x": "y"]), ("x=y,z=w", ["x": "y", "z": "w"]), ("x!=y,z!=w", ["x": "z", "z": "a"]),
    ("notin=in", ["notin": "in"]),  // in and notin in exactMatch
    ("x", ["x": "z"]), ("!x", ["y": "z"]), ("x>1", ["x": "2"]), ("x<1", ["x": "0"]),
  ]
  let notMatching: [(String, [String: String])] = [
    ("x=z", [:]), ("x=y", ["x": "z"]), ("x=y,z=w", ["x": "w", "z": "w"]), ("x!=y,z!=w", ["x": "z", "z": "w"]),
    ("x", ["y": "z"]), ("!x", ["x": "z"]), ("x>1", ["x": "0"]), ("x<1", ["x": "2"]),
  ]
  for (text, labels) in matching { #expect(try Selector(parsing: text).matches(labels), "\(text) \(labels)") }
  for (text, labels) in notMatching { #expect(try !Selector(parsing: text).matches(labels), "\(text) \(labels)") }
  let labels = ["foo": "bar", "baz": "blah"]
  for text in ["foo=bar", "baz=blah", "foo=bar,baz=blah"] { #expect(try Selector(parsing: text).matches(labels)) }
  for text in ["foo=blah", "baz=bar", "foo=bar,foobar=bar,baz=blah"] { #expect(try !Selector(parsing: text).matches(labels)) }
  #expect(try Selector(parsing: "x").matches(nil) == false)
  #expect(try Selector(parsing: "!x").matches(nil))
}

@Test func selectorFromSetMatches() {
  let labels = ["foo": "bar", "baz": "blah"]
  for set in [[:], ["foo": "bar"], ["baz": "blah"], ["foo": "bar", "baz": "blah"]] {
    #expect(Selector(matchingLabels: set).matches(labels))
  }
  // TestSetSelectorString.
  #expect(Selector(matchingLabels: [:]).description == "")
  #expect(Selector(matchingLabels: ["app": "foo"]).description == "app=foo")
  #expect(Selector(matchingLabels: ["app": "foo", "a": "b"]).description == "a=b,app=foo")
}

@Test func selectorLexer() {
  let table: [(String, SelectorToken)] = [
    ("", .endOfString), (",", .comma), ("notin", .notIn), ("in", .in), ("=", .equals), ("==", .doubleEquals),
    (">", .greaterThan), ("<", .lessThan),
    // Lex returns the longest valid token found.
    ("!", .doesNotExist), ("!=", .notEquals), ("(", .openPar), (")", .closedPar),
    // Characters that are not special are part of an identifier.
    ("~", .identifier), ("||", .identifier),
  ]
  for (text, token) in table {
    var lexer = SelectorLexer(text)
    let (got, literal) = lexer.lex()
    #expect(got == token, "\(text)")
    #expect(literal == text, "\(text)")
  }
}

@Test func selectorLexerSequence() {
  let table: [(String, [SelectorToken])] = [
    ("key in ( value )", [.identifier, .in, .openPar, .identifier, .closedPar]),
    ("key notin ( value )", [.identifier, .notIn, .openPar, .identifier, .closedPar]),
    ("key in ( value1, value2 )", [.identifier, .in, .openPar, .identifier, .comma, .identifier, .closedPar]),
    ("key", [.identifier]),
    ("!key", [.doesNotExist, .identifier]),
    ("()", [.openPar, .closedPar]),
    ("", []),
    ("x in (),y", [.identifier, .in, .openPar, .closedPar, .comma, .identifier]),
    ("== != (), = notin", [.doubleEquals, .notEquals, .openPar, .closedPar, .comma, .equals, .notIn]),
    ("key>2", [.identifier, .greaterThan, .identifier]),
    ("key<1", [.identifier, .lessThan, .identifier]),
  ]
  for (text, expected) in table {
    let tokens = SelectorLexer.tokens(of: text).map(\.token)
    #expect(tokens == expected + [.endOfString], "\(text)")
  }
}

@Test func selectorParseOperator() {
  for text in ["in", "=", "==", ">", "<", "notin", "!="] {
    var parser = SelectorParser(tokens: SelectorLexer.tokens(of: text))
    #expect(throws: Never.self) { _ = try parser.parseOperator() }
  }
  let expected = "in, notin, =, ==, !=, gt, lt"
  let errors: [(String, String)] = [("!", "!"), ("exists", "exists"), ("(", "(")]
  for (text, found) in errors {
    var parser = SelectorParser(tokens: SelectorLexer.tokens(of: text))
    #expect(errorMessage { _ = try parser.parseOperator() } == "found '\(found)', expected: \(expected)")
  }
}

@Test func requirementConstructor() {
  // Key, operator, values, and the (field, type) of each expected error.
  let a254 = String(repeating: "a", count: 254)
  let table: [(String, Requirement.Operator, [String], [String])] = [
    ("x1", .in, [], ["values"]),
    ("x2", .notIn, [], ["values"]),
    ("x3", .in, ["foo"], []),
    ("x4", .notIn, ["foo"], []),
    ("x5", .equals, ["bar", "foo"], ["values"]),
    ("x6", .exists, [], []),
    ("x7", .doesNotExist, [], []),
    ("x8", .exists, ["foo"], ["values"]),
    ("x9", .in, ["bar"], []),
    ("x10", .in, ["bar"], []),
    ("x11", .gt, ["1"], []),
    ("x12", .lt, ["6"], []),
    ("x13", .gt, [], ["values"]),
    ("x14", .gt, ["bar"], ["values[0]"]),
    ("x15", .lt, ["bar"], ["values[0]"]),
    (a254, .exists, [], ["key"]),  // breaks the DNS rule that a prefix is at most 253 bytes
    ("x16", .equals, [a254], ["values[0][x16]"]),
    ("x17", .equals, ["a b"], ["values[0][x17]"]),
  ]
  // Upstream's x18 passes an operator string outside the enumeration; the type system rules it out.
  for (key, op, values, fields) in table {
    do {
      _ = try Requirement(key: key, operator: op, values: values)
      #expect(fields.isEmpty, "\(key) should fail")
    } catch {
      #expect(error.fieldErrors.map(\.field) == fields, "\(key)")
      #expect(error.fieldErrors.allSatisfy { $0.type == .invalid }, "\(key)")
    }
  }
}

@Test func requirementMessages() {
  #expect(errorMessage { _ = try Requirement(key: "x", operator: .in) }
    == #"values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty"#)
  #expect(errorMessage { _ = try Requirement(key: "x", operator: .gt, values: ["bar"]) }
    == #"values[0]: Invalid value: "bar": for 'Gt', 'Lt' operators, the value must be an integer"#)
  #expect(errorMessage { _ = try Requirement(key: "-x", operator: .equals, values: ["-a", "b"]) }
    == #"[key: Invalid value: "-x": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'), values: Invalid value: ["-a","b"]: exact-match compatibility requires one single value, values[0][-x]: Invalid value: "-a": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')]"#)
}

@Test func selectorToString() throws {
  let table: [([Requirement], String)] = [
    ([try requirement("x", .in, ["abc", "def"]), try requirement("y", .notIn, ["jkl"]), try requirement("z", .exists)],
     "x in (abc,def),y notin (jkl),z"),
    ([try requirement("x", .notIn, ["abc", "def"]), try requirement("y", .notEquals, ["jkl"]), try requirement("z", .doesNotExist)],
     "x notin (abc,def),y!=jkl,!z"),
    ([try requirement("x", .in, ["abc", "def"]), raw("", .equals, [])],  // an empty requirement leaves a trailing ','
     "x in (abc,def),="),
    ([try requirement("x", .notIn, ["abc"]), try requirement("y", .in, ["jkl", "mno"]), try requirement("z", .notIn, [""])],
     "x notin (abc),y in (jkl,mno),z notin ()"),
    ([try requirement("x", .equals, ["abc"]), try requirement("y", .doubleEquals, ["jkl"]), try requirement("z", .notEquals, ["a"]),
      try requirement("z", .exists)],
     "x=abc,y==jkl,z!=a,z"),
    ([try requirement("x", .gt, ["2"]), try requirement("y", .lt, ["8"]), try requirement("z", .exists)], "x>2,y<8,z"),
  ]
  for (requirements, expected) in table {
    // Upstream's invalid row prints `x in (abc,def),` from a zero Requirement, which has
    // no operator; every requirement here has one, so that row prints the empty key's `=`.
    #expect(requirements.map(\.description).joined(separator: ",") == expected)
  }
  #expect(raw("environment", .notIn, ["dev"]).description == "environment notin (dev)")
}

@Test func requirementSelectorMatching() throws {
  let table: [([String: String], [Requirement], Bool)] = [
    (["x": "foo", "y": "baz"], [try requirement("x", .in, ["foo"]), try requirement("y", .notIn, ["alpha"])], true),
    (["x": "foo", "y": "baz"], [try requirement("x", .in, ["foo"]), try requirement("y", .in, ["alpha"])], false),
    (["y": ""], [try requirement("x", .notIn, [""]), try requirement("y", .exists)], true),
    (["y": ""], [try requirement("x", .doesNotExist), try requirement("y", .exists)], true),
    (["y": ""], [try requirement("x", .notIn, [""]), try requirement("y", .doesNotExist)], false),
    (["y": "baz"], [try requirement("x", .in, [""])], false),
    (["z": "2"], [try requirement("z", .gt, ["1"])], true),
    (["z": "v2"], [try requirement("z", .gt, ["1"])], false),
  ]
  // Upstream's first row matches with a zero Requirement (no operator), which cannot be built here.
  for (labels, requirements, expected) in table {
    #expect(Selector(requirements: requirements).matches(labels) == expected, "\(requirements) \(labels)")
  }
}

@Test func setSelectorParser() throws {
  // Input, expected requirements (nil when not compared), whether to compare, whether valid.
  let table: [(String, [Requirement]?, Bool, Bool)] = [
    ("", [], true, true),
    ("\rx", [try requirement("x", .exists)], true, true),
    ("this-is-a-dns.domain.com/key-with-dash", [try requirement("this-is-a-dns.domain.com/key-with-dash", .exists)], true, true),
    ("this-is-another-dns.domain.com/key-with-dash in (so,what)",
     [try requirement("this-is-another-dns.domain.com/key-with-dash", .in, ["so", "what"])], true, true),
    ("0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)",
     [try requirement("0.1.2.domain/99", .notIn, ["10.10.100.1", "tick.tack.clock"])], true, true),
    ("foo  in\t (abc)", [try requirement("foo", .in, ["abc"])], true, true),
    ("x notin\n (abc)", [try requirement("x", .notIn, ["abc"])], true, true),
    ("x  notin\t\t\t(abc,def)", [try requirement("x", .notIn, ["abc", "def"])], true, true),
    ("x in (abc,def)", [try requirement("x", .in, ["abc", "def"])], true, true),
    ("x in (abc,)", [try requirement("x", .in, ["abc", ""])], true, true),
    ("x in (abc,abc)", [try requirement("x", .in, ["abc"])], true, true),
    ("x in ()", [try requirement("x", .in, [""])], true, true),
    ("x in (a,,)", [try requirement("x", .in, ["a", ""])], true, true),
    ("x in (a,,,)", [try requirement("x", .in, ["a", ""])], true, true),
    ("x in (a,,,,,,)", [try requirement("x", .in, ["a", ""])], true, true),
    ("x in (a,,a,,a,,a,,)", [try requirement("x", .in, ["a", ""])], true, true),
    ("x notin (abc,,def),bar,z in (),w",
     [try requirement("bar", .exists), try requirement("w", .exists), try requirement("x", .notIn, ["abc", "", "def"]),
      try requirement("z", .in, [""])], true, true),
    ("x,y in (a)", [try requirement("y", .in, ["a"]), try requirement("x", .exists)], false, true),
    ("x=a", [try requirement("x", .equals, ["a"])], true, true),
    ("x>1", [try requirement("x", .gt, ["1"])], true, true),
    ("x<7", [try requirement("x", .lt, ["7"])], true, true),
    ("x=a,y!=b", [try requirement("x", .equals, ["a"]), try requirement("y", .notEquals, ["b"])], true, true),
    ("x=a,y!=b,z in (h,i,j)",
     [try requirement("x", .equals, ["a"]), try requirement("y", .notEquals, ["b"]), try requirement("z", .in, ["h", "i", "j"])],
     true, true),
    ("x=a||y=b", [], false, false),
    ("x,,y", nil, true, false),
    (",x,y", nil, true, false),
    ("x nott in (y)", nil, true, false),
    ("x notin ( )", [try requirement("x", .notIn, [""])], true, true),
    ("x notin (, a)", [try requirement("x", .notIn, ["", "a"])], true, true),
    ("a in (xyz),", nil, true, false),
    ("a in (xyz)b notin ()", nil, true, false),
    ("a ", [try requirement("a", .exists)], true, true),
    ("a in (x,y,notin, z,in)", [try requirement("a", .in, ["in", "notin", "x", "y", "z"])], true, true),  // 'in' inside a list
    ("a in (xyz abc)", nil, false, false),  // no comma
    ("a notin(", nil, true, false),  // badly formed
    ("a (", nil, false, false),
    ("(", nil, false, false),
  ]
  for (text, expected, compare, valid) in table {
    do {
      let selector = try Selector(parsing: text)
      #expect(valid, "\(text) should fail")
      if compare, let expected { #expect(selector.requirements == expected, "\(text)") }
    } catch {
      #expect(!valid, "\(text): \(error)")
    }
  }
}

@Test func selectorParseErrorMessages() {
  let table: [(String, String)] = [
    ("x,,y", "found ',', expected: identifier after ','"),
    ("a in (xyz),", "found '', expected: identifier after ','"),
    ("a in (xyz)b notin ()", "found 'b', expected: ',' or 'end of string'"),
    ("(", "found '(', expected: !, identifier, or 'end of string'"),
    ("x nott in (y)", "unable to parse requirement: found 'nott', expected: in, notin, =, ==, !=, gt, lt"),
    ("a notin(", "unable to parse requirement: found '', expected: ',', ')' or identifier"),
    ("a in (xyz abc)", "unable to parse requirement: found 'abc', expected: ',' or ')'"),
    ("a in x", "unable to parse requirement: found 'x' expected: '('"),
    ("!=", "found '!=', expected: !, identifier, or 'end of string'"),
    ("!,", "unable to parse requirement: found ',', expected: identifier"),
    ("x==a==b", "found '==', expected: ',' or 'end of string'"),
    ("-x", #"unable to parse requirement: <nil>: Invalid value: "-x": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"#),
    ("x=-a", #"unable to parse requirement: values[0][x]: Invalid value: "-a": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"#),
    ("x<a", #"unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer"#),
  ]
  for (text, message) in table {
    #expect(errorMessage { _ = try Selector(parsing: text) } == message, "\(text)")
  }
}

@Test func selectorAdd() throws {
  let first = Selector().adding(try requirement("key", .in, ["value"]))
  #expect(first.requirements == [raw("key", .in, ["value"])])
  let second = first.adding(try requirement("key2", .equals, ["value2"]))
  #expect(second.requirements == [raw("key", .in, ["value"]), raw("key2", .equals, ["value2"])])
}

@Test func selectorRequiresExactMatch() {
  let table: [([Requirement], String, String?)] = [
    ([raw("key", .in, ["value"])], "key", "value"),
    ([raw("key", .in, ["value", "value2"])], "key", nil),
    ([raw("key", .in, ["value", "value1"]), raw("key2", .in, ["value2"])], "key2", "value2"),
    ([raw("key", .equals, ["value"])], "key", "value"),
    ([raw("key", .doubleEquals, ["value"])], "key", "value"),
    ([raw("key", .notEquals, ["value"])], "key", nil),
    ([raw("key", .in, ["value"]), raw("key2", .in, ["value2"])], "key", "value"),
  ]
  for (requirements, key, expected) in table {
    #expect(Selector(requirements: requirements).requiresExactMatch(key) == expected)
  }
  let pairs = try? Selector(parsing: "app=web,tier==front,zone in (a),env in (x,y),x!=y")
  #expect(pairs?.equalityPairs.map { "\($0.key)=\($0.value)" } == ["app=web", "tier=front", "zone=a"])
}

@Test func validatedSelectorFromSet() throws {
  // ValidatedSelectorFromSet builds one `=` requirement per label.
  #expect(try Requirement(key: "key", operator: .equals, values: ["val"]) == raw("key", .equals, ["val"]))
  do {
    _ = try Requirement(key: "Key", operator: .equals, values: ["axahm2EJ8Phiephe2eixohbee9eGeiyees1thuozi1xoh0GiuH3diewi8iem7Nui"])
    Issue.record("accepted a 64-byte value")
  } catch {
    #expect(error.fieldErrors.map(\.field) == ["values[0][Key]"])
  }
}

@Test func requirementEquality() {
  #expect(raw("key", .equals, ["foo", "bar"]) == raw("key", .equals, ["foo", "bar"]))
  #expect(raw("key1", .equals, ["foo", "bar"]) != raw("key2", .equals, ["foo", "bar"]))
  #expect(raw("key", .equals, ["foo", "bar"]) != raw("key", .in, ["foo", "bar"]))
  #expect(raw("key", .equals, ["foo", "bar"]) != raw("key", .equals, ["foobar"]))
}

@Test func labelSelectorAsSelector() throws {
  let matchLabels = ["foo": "bar"]
  let expressions = [LabelSelectorRequirement(key: "baz", operator: "In", values: ["qux", "norf"])]
  #expect(try Selector(LabelSelector()) == .everything)
  #expect(try Selector(LabelSelector(matchLabels: matchLabels)).description == "foo=bar")
  #expect(try Selector(LabelSelector(matchExpressions: expressions)).description == "baz in (norf,qux)")
  #expect(try Selector(LabelSelector(matchLabels: matchLabels, matchExpressions: expressions)).description == "baz in (norf,qux),foo=bar")
  #expect(throws: SelectorError.self) {
    try Selector(LabelSelector(matchExpressions: [LabelSelectorRequirement(key: "baz", operator: "Exists", values: ["qux", "norf"])]))
  }
  #expect(errorMessage { _ = try Selector(LabelSelector(matchExpressions: [LabelSelectorRequirement(key: "baz", operator: "Foo")])) }
    == #""Foo" is not a valid label selector operator"#)
  let selector = try Selector(LabelSelector(matchLabels: ["app": "web"], matchExpressions: [
    LabelSelectorRequirement(key: "tier", operator: "NotIn", values: ["db"]),
    LabelSelectorRequirement(key: "legacy", operator: "DoesNotExist"),
  ]))
  #expect(selector.matches(["app": "web", "tier": "front"]))
  #expect(!selector.matches(["app": "web", "tier": "db"]))
  #expect(!selector.matches(["app": "web", "legacy": "true"]))
}
