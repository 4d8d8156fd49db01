import Testing
@testable import KubeModel

// Cases ported from kubernetes/apimachinery pkg/fields/selector_test.go. TestTransform
// (ParseAndTransformSelector) and the nested andTerm emptiness cases exercise Go-only
// API and are left out.

/// Parses `text` and matches it against a set of fields.
private func matches(_ text: String, _ fields: [String: String]) throws -> Bool {
  try FieldSelector(parsing: text).matches { fields[$0] }
}

@Test func fieldSelectorSplitTerms() {
  let table: [(String, [String])] = [
    // Simple selectors
    ("a", ["a"]),
    ("a=avalue", ["a=avalue"]),
    ("a=avalue,b=bvalue", ["a=avalue", "b=bvalue"]),
    ("a=avalue,b==bvalue,c!=cvalue", ["a=avalue", "b==bvalue", "c!=cvalue"]),
    // Empty terms
    ("", []),
    ("a=a,", ["a=a", ""]),
    (",a=a", ["", "a=a"]),
    // Escaped values
    (#"k=\,,k2=v2"#, [#"k=\,"#, "k2=v2"]),  // escaped comma in value
    (#"k=\\,k2=v2"#, [#"k=\\"#, "k2=v2"]),  // escaped backslash, unescaped comma
    (#"k=\\\,,k2=v2"#, [#"k=\\\,"#, "k2=v2"]),  // escaped backslash and comma
    (#"k=\a\b\"#, [#"k=\a\b\"#]),  // non-escape sequences
    (#"k=\"#, [#"k=\"#]),  // orphan backslash
    // Multi-byte
    ("함=수,목=록", ["함=수", "목=록"]),
  ]
  for (text, expected) in table {
    #expect(FieldSelector.splitTerms(text).map(String.init) == expected, "\(text)")
  }
}

@Test func fieldSelectorSplitTerm() {
  let table: [(String, (String, FieldSelector.Requirement.Operator, String)?)] = [
    // Simple terms (`==` is an equality test like `=`)
    ("a=value", ("a", .equals, "value")),
    ("b==value", ("b", .equals, "value")),
    ("c!=value", ("c", .notEquals, "value")),
    // Empty or invalid terms
    ("", nil),
    ("a", nil),
    // Escaped values
    (#"k=\,"#, ("k", .equals, #"\,"#)),
    (#"k=\="#, ("k", .equals, #"\="#)),
    (#"k=\\\a\b\=\,\"#, ("k", .equals, #"\\\a\b\=\,\"#)),
    // Multi-byte
    ("함=수", ("함", .equals, "수")),
  ]
  for (term, expected) in table {
    let got = FieldSelector.splitTerm(term[...])
    #expect(got.map { String($0.0) } == expected.map(\.0), "\(term)")
    #expect(got.map(\.1) == expected.map(\.1), "\(term)")
    #expect(got.map { String($0.2) } == expected.map(\.2), "\(term)")
  }
}

@Test func fieldSelectorEscapeValue() throws {
  let table: [(String, String)] = [
    ("", ""), ("a", "a"), ("=", #"\="#), (",", #"\,"#), (#"\"#, #"\\"#), (#"\=\,\"#, #"\\\=\\\,\\"#),
  ]
  for (value, escaped) in table {
    #expect(FieldSelector.escape(value) == escaped)
    #expect(try FieldSelector.unescape(escaped[...]) == value)
  }
  // Orphan slashes and unknown escapes are invalid.
  for invalid in [#"\"#, #"\\\"#, #"\a"#] {
    do {
      _ = try FieldSelector.unescape(invalid[...])
      Issue.record("accepted \(invalid)")
    } catch {
      #expect(error.description.hasPrefix("invalid field selector: invalid escape sequence: "))
    }
  }
}

@Test func fieldSelectorParse() throws {
  for text in ["x=a,y=b,z=c", "", "x!=a,y=b", #"x=a||y\=b"#, #"x=a\=\=b"#] {
    #expect(try FieldSelector(parsing: text).description == text)
  }
  for text in ["x=a||y=b", "x==a==b", "x=a,b", "x in (a)", "x in (a,b,c)", "x"] {
    #expect(throws: SelectorError.self, "\(text)") { try FieldSelector(parsing: text) }
  }
  #expect(try FieldSelector(parsing: "x=a,a=x").description == FieldSelector(parsing: "a=x,x=a").description)
}

@Test func fieldSelectorMessages() {
  let table: [(String, String)] = [
    ("x in (a)", "invalid selector: 'x in (a)'; can't understand 'x in (a)'"),
    ("x=a,b", "invalid selector: 'x=a,b'; can't understand 'b'"),
    ("x==a==b", "invalid field selector: unescaped character in value: 61"),
    (#"x=\a"#, #"invalid field selector: invalid escape sequence: \a"#),
  ]
  for (text, message) in table {
    do {
      _ = try FieldSelector(parsing: text)
      Issue.record("accepted \(text)")
    } catch {
      #expect(error.description == message)
    }
  }
}

@Test func fieldSelectorEverything() {
  #expect(FieldSelector.everything.matches { _ in "y" })
  #expect(FieldSelector.everything.isEverything)
  #expect(FieldSelector(matching: [:]).isEverything)
}

@Test func fieldSelectorMatches() throws {
  #expect(try matches("", ["x": "y"]))
  #expect(try matches("x=y", ["x": "y"]))
  #expect(try matches("x=y,z=w", ["x": "y", "z": "w"]))
  #expect(try matches("x!=y,z!=w", ["x": "z", "z": "a"]))
  #expect(try matches("notin=in", ["notin": "in"]))  // in and notin in exactMatch
  #expect(try !matches("x=y", ["x": "z"]))
  #expect(try !matches("x=y,z=w", ["x": "w", "z": "w"]))
  #expect(try !matches("x!=y,z!=w", ["x": "z", "z": "w"]))
  let fields = ["foo": "bar", "baz": "blah", "complex": #"=value\,\"#]
  #expect(try matches("foo=bar", fields))
  #expect(try matches("baz=blah", fields))
  #expect(try matches("foo=bar,baz=blah", fields))
  #expect(try matches(#"foo=bar,baz=blah,complex=\=value\\\,\\"#, fields))
  #expect(try !matches("foo=blah", fields))
  #expect(try !matches("baz=bar", fields))
  #expect(try !matches("foo=bar,foobar=bar,baz=blah", fields))
  // A missing field reads as empty.
  #expect(try matches("spec.nodeName=", [:]))
  #expect(try matches("spec.nodeName!=node-1", [:]))
}

@Test func fieldSelectorOneTermAndSets() {
  let one = FieldSelector(requirements: [.init(field: "x", operator: .equals, value: "y")])
  #expect(one.matches { ["x": "y"][$0] })
  #expect(!one.matches { ["x": "z"][$0] })
  let labels = ["foo": "bar", "baz": "blah"]
  for set in [[:], ["foo": "bar"], ["baz": "blah"], ["foo": "bar", "baz": "blah"]] {
    #expect(FieldSelector(matching: set).matches { labels[$0] })
  }
  for set in [["foo": "=blah"], ["baz": "=bar"], ["foo": "=bar", "foobar": "bar", "baz": "blah"]] {
    #expect(!FieldSelector(matching: set).matches { labels[$0] })
  }
}

@Test func fieldSelectorRequiresExactMatch() {
  let table: [([FieldSelector.Requirement], String, String?)] = [
    ([], "test", nil),
    ([.init(field: "", operator: .equals, value: "")], "test", nil),
    ([.init(field: "a", operator: .equals, value: "b")], "test", nil),
    ([.init(field: "test", operator: .equals, value: "b")], "test", "b"),
    ([.init(field: "test", operator: .equals, value: "")], "test", ""),
    ([.init(field: "test", operator: .notEquals, value: "b")], "test", nil),
    ([.init(field: "test", operator: .notEquals, value: "")], "test", nil),
    ([.init(field: "", operator: .equals, value: ""), .init(field: "test", operator: .equals, value: "b")], "test", "b"),
  ]
  for (requirements, field, expected) in table {
    #expect(FieldSelector(requirements: requirements).requiresExactMatch(field) == expected)
  }
}

@Test func fieldSelectorKubectlExamples() throws {
  let selector = try FieldSelector(parsing: "metadata.name=x,spec.nodeName!=y,status.phase==Running")
  #expect(selector.description == "metadata.name=x,spec.nodeName!=y,status.phase=Running")
  let pod = ["metadata.name": "x", "spec.nodeName": "node-1", "status.phase": "Running"]
  #expect(selector.matches { pod[$0] })
  #expect(try FieldSelector(parsing: "spec.nodeName=").requirements == [.init(field: "spec.nodeName", operator: .equals, value: "")])
}

@Test func podFieldsTheAPIServerSelectsOn() throws {
  var pod = Pod(metadata: ObjectMeta(name: "proxy", namespace: "kube-system"), spec: PodSpec(containers: []))
  pod.spec?.hostNetwork = true
  #expect(FieldValues.value(of: pod, path: "spec.hostNetwork") == "true")
  #expect(FieldValues.value(of: Pod(), path: "spec.hostNetwork") == "false")
  #expect(try FieldSelector(parsing: "spec.hostNetwork=true").matches { FieldValues.value(of: pod, path: $0) })
  #expect(FieldValues.value(of: pod, path: "spec.dnsPolicy") == nil)
}
