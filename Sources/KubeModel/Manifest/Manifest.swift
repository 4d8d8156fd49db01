import Yams

/// One object read from a manifest, with where it came from.
public struct ManifestDocument: Sendable {
  public var object: any KubeObject
  public var resource: ResourceType
  /// The 1-based line where the document starts (0 for JSON bodies without positions).
  public var line: Int
  /// The document as JSON, as written (for last-applied bookkeeping and patches).
  public var json: JSONValue
}

/// Reads and writes manifests: YAML (multi-document) and JSON, strictly typed.
public enum Manifest {
  /// Parses `text` into nodes: JSON when it starts with `{` or `[`, else YAML documents.
  public static func parseDocuments(_ text: String, file: String? = nil) throws(ManifestErrors) -> [ManifestNode] {
    let trimmed = text.drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" || $0 == "\u{FEFF}" }
    do {
      if trimmed.first == "{" || trimmed.first == "[" {
        return [try JSONParser.parse(text)]
      }
      return try parseYAML(text)
    } catch var error {
      error.file = file
      throw ManifestErrors([error])
    }
  }

  private static func parseYAML(_ text: String) throws(ManifestError) -> [ManifestNode] {
    let cleaned = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    var documents: [Yams.Node] = []
    do {
      let parser = try Yams.Parser(yaml: cleaned)
      while let document = try parser.nextRoot() { documents.append(document) }
    } catch let error as YamlError {
      throw ManifestError(yamlError: error)
    } catch {
      throw ManifestError(line: 0, message: "invalid YAML: \(error)")
    }
    var nodes: [ManifestNode] = []
    for document in documents {
      let node = try ManifestNode(yaml: document)
      if case .null = node.value { continue }
      nodes.append(node)
    }
    return nodes
  }

  /// Decodes every object in `text`. Throws every problem found, each naming the file, the
  /// line, the field and what was expected; on any error nothing is returned, so nothing
  /// from a file with errors gets applied.
  public static func decode(
    _ text: String, file: String? = nil, decoder: StrictDecoder = StrictDecoder()
  ) throws(ManifestErrors) -> [ManifestDocument] {
    var documents: [ManifestDocument] = []
    var errors: [ManifestError] = []
    for node in try parseDocuments(text, file: file) {
      do {
        documents += try decodeDocument(node, decoder: decoder)
      } catch {
        errors += error.errors.map {
          var located = $0
          located.file = file
          return located
        }
      }
    }
    if !errors.isEmpty { throw ManifestErrors(errors) }
    return documents
  }

  /// Decodes one document node (a `List` expands to its items).
  public static func decodeDocument(
    _ node: ManifestNode, decoder: StrictDecoder = StrictDecoder()
  ) throws(ManifestErrors) -> [ManifestDocument] {
    guard case .object = node.value else {
      throw ManifestErrors([
        .wrongShape(path: "", expected: "an object (a map with apiVersion and kind)", found: node.shapeDescription, line: node.line)
      ])
    }
    let kind = node["kind"]?.stringValue ?? ""
    let apiVersion = node["apiVersion"]?.stringValue ?? ""
    var missing: [String] = []
    if apiVersion.isEmpty { missing.append("apiVersion not set") }
    if kind.isEmpty { missing.append("kind not set") }
    if !missing.isEmpty {
      throw ManifestErrors([ManifestError(line: node.line, message: "error validating data: " + missing.joined(separator: ", "))])
    }
    if kind.hasSuffix("List"), case .array(let items)? = node["items"]?.value {
      var documents: [ManifestDocument] = []
      var errors: [ManifestError] = []
      for item in items {
        do { documents += try decodeDocument(item, decoder: decoder) } catch { errors += error.errors }
      }
      if !errors.isEmpty { throw ManifestErrors(errors) }
      return documents
    }
    guard let resource = ResourceType.forKind(kind, apiVersion: apiVersion),
      let type = KubeObjectTypes.type(for: resource)
    else {
      var message = "no matches for kind \"\(kind)\" in version \"\(apiVersion)\""
      let kinds = ResourceType.served.map(\.kind)
      if let close = FieldSuggestion.closest(to: kind, among: kinds) {
        message += " (did you mean \"\(close)\"?)"
      } else if let known = ResourceType.served.first(where: { $0.kind == kind }) {
        message += " (\(kind) is served as \"\(known.apiVersion)\")"
      }
      throw ManifestErrors([ManifestError(line: node["kind"]?.line ?? node.line, message: message)])
    }
    let object = try decodeObject(type, from: node, decoder: decoder)
    return [ManifestDocument(object: object, resource: resource, line: node.line, json: node.jsonValue)]
  }

  private static func decodeObject<T: KubeObject>(
    _ type: T.Type, from node: ManifestNode, decoder: StrictDecoder
  ) throws(ManifestErrors) -> any KubeObject {
    try decoder.decode(T.self, from: node)
  }

  /// The object as `kubectl get -o yaml` prints it.
  public static func yaml(of object: some Encodable) -> String {
    YAMLWriter.write((try? ValueEncoder.encode(object)) ?? .null)
  }

  /// The object as indented JSON, as `kubectl get -o json` prints it.
  public static func json(of object: some Encodable) -> String {
    JSONWriter.pretty((try? ValueEncoder.encode(object)) ?? .null)
  }
}

extension ManifestError {
  /// A YAML syntax error with its line.
  init(yamlError: YamlError) {
    switch yamlError {
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
      let prefix = context.map { "\($0.text) " } ?? ""
      self.init(line: mark.line, message: "invalid YAML: \(prefix)\(problem)")
    case .composer(let context, let problem, let mark, _):
      let prefix = context.map { "\($0.text) " } ?? ""
      self.init(line: mark.line, message: "invalid YAML: \(prefix)\(problem)")
    case .duplicatedKeysInMapping(let duplicates, let context):
      let names = duplicates.sorted().map { "duplicate field \"\($0)\"" }
      self.init(line: context.mark.line, message: names.joined(separator: ", "))
    default:
      self.init(line: 0, message: "invalid YAML: \(yamlError)")
    }
  }
}
