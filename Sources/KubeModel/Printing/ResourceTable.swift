/// A server-side printed table (`meta.k8s.io/v1 Table`): what `kubectl get` asks the API
/// server for and prints.
public struct ResourceTable: Hashable, Sendable {
  public var columns: [ColumnDefinition]
  public var rows: [Row]

  public init(columns: [ColumnDefinition], rows: [Row] = []) {
    self.columns = columns
    self.rows = rows
  }

  /// One column: its name, cell type, and priority (0 always shown, 1 only with `-o wide`).
  public struct ColumnDefinition: Hashable, Sendable {
    public var name: String
    /// `string`, `integer`, `date`, …
    public var type: String
    /// `name` for the name column, else "".
    public var format: String
    public var description: String
    public var priority: Int

    public init(_ name: String, type: String = "string", format: String = "", description: String = "", priority: Int = 0) {
      self.name = name
      self.type = type
      self.format = format
      self.description = description
      self.priority = priority
    }
  }

  /// The cells of one object, in column order.
  public struct Row: Hashable, Sendable {
    public var cells: [JSONValue]
    public init(cells: [JSONValue]) { self.cells = cells }
  }

  /// The cells as text, as kubectl prints them.
  public func text(of row: Row) -> [String] {
    row.cells.map {
      switch $0 {
      case .string(let text): return text
      case .int(let number): return String(number)
      case .bool(let flag): return String(flag)
      case .double(let number): return JSONWriter.formatDouble(number)
      default: return ""
      }
    }
  }

  /// The table as kubectl prints it: an upper-case header, columns padded with three spaces.
  public func render(wide: Bool = false) -> String {
    let visible = columns.indices.filter { wide || columns[$0].priority == 0 }
    let header = visible.map { columns[$0].name.uppercased() }
    let lines = rows.map { row in visible.map { text(of: row)[$0] } }
    var widths = header.map(\.count)
    for line in lines {
      for (index, cell) in line.enumerated() { widths[index] = max(widths[index], cell.count) }
    }
    func format(_ cells: [String]) -> String {
      var output = ""
      for (index, cell) in cells.enumerated() {
        if index == cells.count - 1 {
          output += cell
        } else {
          output += cell + String(repeating: " ", count: widths[index] - cell.count + 3)
        }
      }
      return output
    }
    return ([format(header)] + lines.map(format)).joined(separator: "\n") + "\n"
  }
}

/// Renders objects of one kind into table rows, as the API server's printers do.
public protocol TablePrinter {
  associatedtype Object: KubeObject
  /// The columns, in order.
  static var columns: [ResourceTable.ColumnDefinition] { get }
  /// The cells of `object` at time `now`.
  static func cells(_ object: Object, now: Time) -> [JSONValue]
}

extension TablePrinter {
  /// A table of `objects`.
  public static func table(_ objects: [Object], now: Time) -> ResourceTable {
    ResourceTable(columns: columns, rows: objects.map { ResourceTable.Row(cells: cells($0, now: now)) })
  }
}

/// The column every printer starts with.
let nameColumn = ResourceTable.ColumnDefinition(
  "Name", format: "name",
  description: "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"
)

/// The age column every printer ends its standard columns with.
let ageColumn = ResourceTable.ColumnDefinition(
  "Age",
  description: "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
)

/// `<none>` for an empty value, as kubectl prints missing things.
func orNone(_ text: String?) -> String {
  guard let text, !text.isEmpty else { return "<none>" }
  return text
}

/// `a=b,c=d` with keys sorted, or `<none>`.
func labelsText(_ labels: [String: String]?) -> String {
  guard let labels, !labels.isEmpty else { return "<none>" }
  return labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
}

/// The selector of a workload in string form, as kubectl's wide output shows it.
func selectorText(_ selector: LabelSelector?) -> String {
  guard let selector else { return "<none>" }
  guard let parsed = try? Selector(selector), !parsed.isEverything else { return "<none>" }
  return parsed.description
}

/// Container names and images of a pod template, comma-separated.
func containersAndImages(_ spec: PodSpec?) -> (String, String) {
  let containers = spec?.containers ?? []
  return (containers.map { $0.name ?? "" }.joined(separator: ","), containers.map { $0.image ?? "" }.joined(separator: ","))
}
