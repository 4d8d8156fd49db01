import KubeModel
import TerminalUI

/// The Events view: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE, as `kubectl get events`.
public enum EventRenderer: ResourceRenderer {
  public static let resource = ResourceType.events
  public static let columns: [ViewColumn] = [
    namespaceColumn,
    ViewColumn("LAST SEEN", alignment: .right, priority: 9, sort: .number),
    ViewColumn("TYPE", priority: 8),
    ViewColumn("REASON", priority: 8),
    ViewColumn("OBJECT", priority: 7, maxWidth: 48),
    ViewColumn("COUNT", alignment: .right, priority: 3, sort: .number),
    ViewColumn("MESSAGE", priority: 10, minWidth: 20),
  ]
  public static func store(in cache: InformerCache) -> ObjectStore<Event> { cache.events }

  public static func cells(_ event: Event, context: RenderContext) -> [String] {
    let involved = event.involvedObject
    let seconds = context.cache.eventTime(event)
    return [
      event.namespace, Format.age(seconds: context.now.seconds - seconds), event.type ?? "Normal", event.reason ?? "",
      "\((involved.kind ?? "").lowercased())/\(involved.name ?? "")", "\(event.count ?? 1)",
      event.message?.replacingOccurrences(of: "\n", with: " ") ?? "",
    ]
  }

  public static func role(_ event: Event, context: RenderContext) -> ColorRole {
    event.type == "Warning" ? .statusWarning : .rowNormal
  }

  public static func sortNumber(_ event: Event, column: Int, context: RenderContext) -> Double {
    columns[column].title == "COUNT" ? Double(event.count ?? 1) : -Double(context.cache.eventTime(event))
  }
}
