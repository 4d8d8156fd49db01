import Testing
@testable import KubeModel

// Cases ported from kubernetes/apimachinery: pkg/util/validation/validation_test.go and
// pkg/api/validate/content/{dns,kube}_test.go (name, label key and label value lists),
// pkg/apis/meta/v1/validation/validation_test.go (TestValidateLabels),
// pkg/api/validation/objectmeta_test.go (TestValidateAnnotations), and
// pkg/util/validation/field/{path,errors}_test.go (rendering).

private let a63 = String(repeating: "a", count: 63)

// MARK: Names

@Test func dns1123Label() {
  let good = ["a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a", "1--a--b--2", a63]
  for value in good { #expect(isDNS1123Label(value).isEmpty, "\(value)") }
  let bad = [
    "", "A", "ABC", "aBc", "A1", "A-1", "1-A",
    "-", "a-", "-a", "1-", "-1",
    "_", "a_", "_a", "a_b", "1_", "_1", "1_2",
    ".", "a.", ".a", "a.b", "1.", ".1", "1.2",
    " ", "a ", " a", "a b", "1 ", " 1", "1 2",
    String(repeating: "a", count: 64),
  ]
  for value in bad { #expect(!isDNS1123Label(value).isEmpty, "\(value)") }
}

@Test func dns1123Subdomain() {
  let good = [
    "a", "ab", "abc", "a1", "a-1", "a--1--2--b",
    "0", "01", "012", "1a", "1-a", "1--a--b--2",
    "a.a", "ab.a", "abc.a", "a1.a", "a-1.a", "a--1--2--b.a",
    "a.1", "ab.1", "abc.1", "a1.1", "a-1.1", "a--1--2--b.1",
    "0.a", "01.a", "012.a", "1a.a", "1-a.a", "1--a--b--2",
    "0.1", "01.1", "012.1", "1a.1", "1-a.1", "1--a--b--2.1",
    "a.b.c.d.e", "aa.bb.cc.dd.ee", "1.2.3.4.5", "11.22.33.44.55",
    String(repeating: "a", count: 253),
  ]
  for value in good { #expect(isDNS1123Subdomain(value).isEmpty, "\(value)") }
  let bad = [
    "", "A", "ABC", "aBc", "A1", "A-1", "1-A",
    "-", "a-", "-a", "1-", "-1",
    "_", "a_", "_a", "a_b", "1_", "_1", "1_2",
    ".", "a.", ".a", "a..b", "1.", ".1", "1..2",
    " ", "a ", " a", "a b", "1 ", " 1", "1 2",
    "A.a", "aB.a", "ab.A", "A1.a", "a1.A",
    "A.1", "aB.1", "A1.1", "1A.1",
    "0.A", "01.A", "012.A", "1A.a", "1a.A",
    "A.B.C.D.E", "AA.BB.CC.DD.EE", "a.B.c.d.e", "aa.bB.cc.dd.ee",
    "a@b", "a,b", "a_b", "a;b",
    "a:b", "a%b", "a?b", "a$b",
    String(repeating: "a", count: 254),
  ]
  for value in bad { #expect(!isDNS1123Subdomain(value).isEmpty, "\(value)") }
}

@Test func dns1035Label() {
  let good = ["a", "ab", "abc", "a1", "a-1", "a--1--2--b", a63]
  for value in good { #expect(isDNS1035Label(value).isEmpty, "\(value)") }
  let bad = [
    "0", "01", "012", "1a", "1-a", "1--a--b--2",
    "", "A", "ABC", "aBc", "A1", "A-1", "1-A",
    "-", "a-", "-a", "1-", "-1",
    "_", "a_", "_a", "a_b", "1_", "_1", "1_2",
    ".", "a.", ".a", "a.b", "1.", ".1", "1.2",
    " ", "a ", " a", "a b", "1 ", " 1", "1 2",
    String(repeating: "a", count: 64),
  ]
  for value in bad { #expect(!isDNS1035Label(value).isEmpty, "\(value)") }
}

@Test func qualifiedName() {
  let good = [
    "simple", "now-with-dashes", "1-starts-with-num", "1234", "simple/simple", "now-with-dashes/simple",
    "now-with-dashes/now-with-dashes", "now.with.dots/simple", "now-with.dashes-and.dots/simple",
    "1-num.2-num/3-num", "1234/5678", "1.2.3.4/5678", "Uppercase_Is_OK_123", "example.com/Uppercase_Is_OK_123",
    "requests.storage-foo", a63, String(repeating: "a", count: 253) + "/" + String(repeating: "b", count: 63),
  ]
  for value in good { #expect(isQualifiedName(value).isEmpty, "\(value)") }
  let bad = [
    "nospecialchars%^=@", "cantendwithadash-", "-cantstartwithadash-", "only/one/slash", "Example.com/abc",
    "example_com/abc", "example.com/", "/simple", String(repeating: "a", count: 64),
    String(repeating: "a", count: 254) + "/abc",
  ]
  for value in bad { #expect(!isQualifiedName(value).isEmpty, "\(value)") }
}

@Test func labelValue() {
  let good = ["simple", "now-with-dashes", "1-starts-with-num", "end-with-num-1", "1234", a63, ""]
  for value in good { #expect(isValidLabelValue(value).isEmpty, "\(value)") }
  let bad = [
    "nospecialchars%^=@", "Tama-nui-te-rā.is.Māori.sun", "\\backslashes\\are\\bad", "-starts-with-dash",
    "ends-with-dash-", ".starts.with.dot", "ends.with.dot.", String(repeating: "a", count: 64),
  ]
  for value in bad { #expect(!isValidLabelValue(value).isEmpty, "\(value)") }
}

@Test func nameMessagesMatchUpstreamText() {
  #expect(isDNS1123Subdomain("Foo") == [
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
  ])
  #expect(isDNS1123Label("my_name") == [
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
  ])
  #expect(isDNS1123Label("a.b") == ["must not contain dots"])
  #expect(isDNS1123Subdomain(String(repeating: "a", count: 254)) == ["must be no more than 253 bytes"])
  #expect(isQualifiedName("a/b/c") == [
    "a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
  ])
  #expect(isQualifiedName("-x") == [
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
  ])
  #expect(isQualifiedName("/x") == ["prefix part must be non-empty"])
  #expect(isQualifiedName("x/").first == "name part must be non-empty")
  #expect(isQualifiedName("Example.com/x").first?.hasPrefix("prefix part a lowercase RFC 1123 subdomain") == true)
  #expect(isValidLabelValue(String(repeating: "a", count: 64)) == ["must be no more than 63 bytes"])
  #expect(isValidLabelValue("-a") == [
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
  ])
}

// MARK: Labels and annotations

private let namePartMessage = "name part must consist of"
private let nameMessage = "a valid label key must consist of"
private let labelMessage = "a valid label must be an empty string or consist of"
private let maxLengthText = "must be no more than"

@Test func validateLabelsTable() {
  let good: [[String: String]] = [
    ["simple": "bar"], ["now-with-dashes": "bar"], ["1-starts-with-num": "bar"], ["1234": "bar"],
    ["simple/simple": "bar"], ["now-with-dashes/simple": "bar"], ["now-with-dashes/now-with-dashes": "bar"],
    ["now.with.dots/simple": "bar"], ["now-with.dashes-and.dots/simple": "bar"], ["1-num.2-num/3-num": "bar"],
    ["1234/5678": "bar"], ["1.2.3.4/5678": "bar"], ["UpperCaseAreOK123": "bar"], ["goodvalue": "123_-.BaR"],
  ]
  for labels in good { #expect(validateLabels(labels, path: FieldPath("field")).isEmpty, "\(labels)") }
  let badKeys: [([String: String], String)] = [
    (["nospecialchars^=@": "bar"], namePartMessage),
    (["cantendwithadash-": "bar"], namePartMessage),
    (["only/one/slash": "bar"], nameMessage),
    ([String(repeating: "a", count: 254): "bar"], maxLengthText),
  ]
  let badValues: [([String: String], String)] = [
    (["toolongvalue": String(repeating: "a", count: 64)], maxLengthText),
    (["backslashesinvalue": "some\\bad\\value"], labelMessage),
    (["nocommasallowed": "bad,value"], labelMessage),
    (["strangecharsinvalue": "?#$notsogood"], labelMessage),
  ]
  for (labels, expected) in badKeys + badValues {
    let errors = validateLabels(labels, path: FieldPath("field"))
    #expect(errors.count == 1, "\(labels)")
    #expect(errors.first?.detail.contains(expected) == true, "\(labels)")
  }
}

@Test func validateAnnotationsTable() {
  let limit = totalAnnotationSizeLimit
  let good: [[String: String]] = [
    ["simple": "bar"], ["now-with-dashes": "bar"], ["1-starts-with-num": "bar"], ["1234": "bar"],
    ["simple/simple": "bar"], ["now-with-dashes/simple": "bar"], ["now-with-dashes/now-with-dashes": "bar"],
    ["now.with.dots/simple": "bar"], ["now-with.dashes-and.dots/simple": "bar"], ["1-num.2-num/3-num": "bar"],
    ["1234/5678": "bar"], ["1.2.3.4/5678": "bar"], ["UpperCase123": "bar"],
    ["a": String(repeating: "b", count: limit - 1)],
    ["a": String(repeating: "b", count: limit / 2 - 1), "c": String(repeating: "d", count: limit / 2 - 1)],
  ]
  for annotations in good { #expect(validateAnnotations(annotations, path: FieldPath("field")).isEmpty) }
  let badKeys: [([String: String], String)] = [
    (["nospecialchars^=@": "bar"], namePartMessage),
    (["cantendwithadash-": "bar"], namePartMessage),
    (["only/one/slash": "bar"], nameMessage),
    ([String(repeating: "a", count: 254): "bar"], maxLengthText),
  ]
  for (annotations, expected) in badKeys {
    let errors = validateAnnotations(annotations, path: FieldPath("field"))
    #expect(errors.count == 1, "\(annotations)")
    #expect(errors.first?.detail.contains(expected) == true)
  }
  let tooBig: [[String: String]] = [
    ["a": String(repeating: "b", count: limit)],
    ["a": String(repeating: "b", count: limit / 2), "c": String(repeating: "d", count: limit / 2)],
  ]
  for annotations in tooBig {
    let errors = validateAnnotations(annotations, path: FieldPath("metadata", "annotations"))
    #expect(errors.map(\.description) == ["metadata.annotations: Too long: may not be more than 262144 bytes"])
  }
}

@Test func onePassKeyChecksAgreeWithTheMessages() {
  let keys = [
    "simple", "example.com/Name", "Example.COM/Name", "only/one/slash", "/x", "x/", "", "-x", "a.b/c_d", a63, a63 + "a",
    String(repeating: "a", count: 253) + "/b", String(repeating: "a", count: 254) + "/b", "exa_mple.com/x", "a..b/x",
    "caf\u{E9}.io/x", "x/caf\u{E9}",
  ]
  for key in keys {
    #expect(isValidQualifiedName(key) == isQualifiedName(key).isEmpty, "\(key)")
    #expect(isValidQualifiedName(key, ignoringCase: true) == isQualifiedName(key.lowercased()).isEmpty, "\(key)")
  }
  for value in ["", "a", "a-b_c.D", "-a", "a-", a63, a63 + "a", "caf\u{E9}"] {
    #expect(isValidLabelValueText(value) == isValidLabelValue(value).isEmpty, "\(value)")
  }
  // An annotation key's prefix may hold capitals (and a Kelvin sign, which lowercases to
  // "k" as upstream's lowercasing does); a label key's may not.
  #expect(validateAnnotations(["Example.COM/Name": "v"], path: FieldPath("a")).isEmpty)
  #expect(validateAnnotations(["\u{212A}elvin.io/x": "v"], path: FieldPath("a")).isEmpty)
  #expect(validateLabels(["Example.COM/Name": "v"], path: FieldPath("l")).count == 1)
  // Several bad labels are reported in key order.
  let errors = validateLabels(["b-": "x", "a-": "y", "c": "-z"], path: FieldPath("l")).map(\.description)
  #expect(errors.count == 3)
  #expect(errors.first?.contains(#"Invalid value: "a-""#) == true)
  #expect(errors.dropFirst().first?.contains(#"Invalid value: "b-""#) == true)
  #expect(errors.last?.contains(#"Invalid value: "-z""#) == true)
}

@Test func validateLabelsRendersUpstreamMessage() {
  let errors = validateLabels(["app": "-x"], path: FieldPath("metadata", "labels"))
  #expect(errors.map(\.description) == [
    #"metadata.labels: Invalid value: "-x": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"#
  ])
}

// MARK: Paths and errors

@Test func fieldPathRendering() {
  // TestPath: each step applied to the previous path.
  let root = FieldPath("root")
  var path = root
  let steps: [((FieldPath) -> FieldPath, String)] = [
    ({ $0 }, "root"),
    ({ $0.child("first") }, "root.first"),
    ({ $0.child("second") }, "root.first.second"),
    ({ $0.index(0) }, "root.first.second[0]"),
    ({ $0.child("third") }, "root.first.second[0].third"),
    ({ $0.index(93) }, "root.first.second[0].third[93]"),
    ({ $0.parent ?? $0 }, "root.first.second[0].third"),
    ({ $0.parent ?? $0 }, "root.first.second[0]"),
    ({ $0.key("key") }, "root.first.second[0][key]"),
  ]
  for (step, expected) in steps {
    path = step(path)
    #expect(path.description == expected)
  }
  // TestPathMultiArg.
  var multi = FieldPath("root", "first")
  let multiSteps: [((FieldPath) -> FieldPath, String)] = [
    ({ $0 }, "root.first"),
    ({ $0.child("second", "third") }, "root.first.second.third"),
    ({ $0.index(0) }, "root.first.second.third[0]"),
    ({ $0.parent ?? $0 }, "root.first.second.third"),
    ({ $0.parent ?? $0 }, "root.first.second"),
    ({ $0.parent ?? $0 }, "root.first"),
    ({ $0.parent ?? $0 }, "root"),
  ]
  for (step, expected) in multiSteps {
    multi = step(multi)
    #expect(multi.description == expected)
  }
  #expect(FieldPath("spec", "containers").index(0).child("name").description == "spec.containers[0].name")
}

@Test func validationErrorFormatting() {
  // TestErrorFormatting, for the bad values that exist here (Go structs, maps, times,
  // pointers and self-marshalers are Go-only and left out).
  let path = FieldPath("path.to.field")
  let field = "path.to.field"
  let table: [(ValidationError, String)] = [
    (ValidationError(.required, field: field, badValue: "the value", detail: "the details"), "path.to.field: Required value: the details"),
    (.required(path, "the details"), "path.to.field: Required value: the details"),
    (ValidationError(.forbidden, field: field, badValue: "the value", detail: "the details"), "path.to.field: Forbidden: the details"),
    (.forbidden(path, "the details"), "path.to.field: Forbidden: the details"),
    (ValidationError(.tooLong, field: field, badValue: "the value", detail: "the details"), "path.to.field: Too long: the details"),
    (.tooLong(path, maxLength: 1), "path.to.field: Too long: may not be more than 1 byte"),
    (.tooLong(path, maxLength: 2), "path.to.field: Too long: may not be more than 2 bytes"),
    (.tooLong(path, maxLength: -1), "path.to.field: Too long: value is too long"),
    (ValidationError(.tooMany, field: field, badValue: "the value", detail: "the details"), #"path.to.field: Too many: "the value": the details"#),
    (.tooMany(path, actual: 2, max: 1), "path.to.field: Too many: 2: must have at most 1 item"),
    (.tooMany(path, actual: 3, max: 2), "path.to.field: Too many: 3: must have at most 2 items"),
    (.tooMany(path, actual: 2, max: -1), "path.to.field: Too many: 2: has too many items"),
    (.tooMany(path, actual: -1, max: 1), "path.to.field: Too many: must have at most 1 item"),
    (ValidationError(.internalError, field: field, badValue: "the value", detail: "the details"), "path.to.field: Internal error: the details"),
    (.internalError(path, "the error"), "path.to.field: Internal error: the error"),
    (ValidationError(.invalid, field: field, badValue: "the value", detail: "the details"), #"path.to.field: Invalid value: "the value": the details"#),
    (ValidationError(.invalid, field: field, badValue: .integer(-42), detail: "the details"), "path.to.field: Invalid value: -42: the details"),
    (ValidationError(.invalid, field: field, badValue: .bool(true), detail: "the details"), "path.to.field: Invalid value: true: the details"),
    (ValidationError(.invalid, field: field, badValue: .strings(["one", "two", "three"]), detail: "the details"), #"path.to.field: Invalid value: ["one","two","three"]: the details"#),
    (ValidationError(.invalid, field: field, badValue: .omitted, detail: "the details"), "path.to.field: Invalid value: the details"),
    (ValidationError(.invalid, field: field, badValue: .json("null"), detail: "the details"), "path.to.field: Invalid value: null: the details"),
    (.invalid(path, "the value", "the details"), #"path.to.field: Invalid value: "the value": the details"#),
    (ValidationError(.notFound, field: field, badValue: "the value", detail: "the details"), #"path.to.field: Not found: "the value": the details"#),
    (ValidationError(.notSupported, field: field, badValue: "the value", detail: "the details"), #"path.to.field: Unsupported value: "the value": the details"#),
    (.notSupported(path, "the value", supported: ["val1", "val2"]), #"path.to.field: Unsupported value: "the value": supported values: "val1", "val2""#),
    (ValidationError(.duplicate, field: field, badValue: "the value", detail: "the details"), #"path.to.field: Duplicate value: "the value": the details"#),
    (.duplicate(path, "the value"), #"path.to.field: Duplicate value: "the value""#),
    (ValidationError(.typeInvalid, field: field, badValue: "the value", detail: "the details"), #"path.to.field: Invalid value: "the value": the details"#),
  ]
  for (error, expected) in table {
    #expect(error.description == expected)
  }
  // TestMakeFuncs.
  #expect(ValidationError.invalid(FieldPath("f"), "v", "d").type == .invalid)
  #expect(ValidationError.notSupported(FieldPath("f"), "v", supported: []).type == .notSupported)
  #expect(ValidationError.duplicate(FieldPath("f"), "v").type == .duplicate)
  #expect(ValidationError.notFound(FieldPath("f"), "v").type == .notFound)
  #expect(ValidationError.required(FieldPath("f"), "d").type == .required)
  #expect(ValidationError.internalError(FieldPath("f"), "e").type == .internalError)
}

@Test func validationErrorExamples() {
  #expect(ValidationError.required(FieldPath("spec", "containers")).description == "spec.containers: Required value")
  let name = ValidationError.invalid(FieldPath("metadata", "name"), "Foo", isDNS1123Subdomain("Foo").joined(separator: ", "))
  #expect(name.description.hasPrefix(#"metadata.name: Invalid value: "Foo": a lowercase RFC 1123 subdomain must consist of "#))
  // Values are quoted as Go's %q quotes them.
  #expect(ValidationError.invalid(FieldPath("x"), "a\"b\\c\n\u{1}é", "d").description == #"x: Invalid value: "a\"b\\c\n\x01é": d"#)
}
