import KubeModel
import TerminalUI

/// The Namespaces view: STATUS and AGE.
public enum NamespaceRenderer: ResourceRenderer {
  public static let resource = ResourceType.namespaces
  public static let columns: [ViewColumn] = [nameColumn, ViewColumn("STATUS", priority: 8), ageColumn]
  public static func store(in cache: InformerCache) -> ObjectStore<Namespace> { cache.namespaces }

  public static func cells(_ namespace: Namespace, context: RenderContext) -> [String] {
    [namespace.name, namespace.status?.phase ?? "Active", age(namespace, context)]
  }

  public static func role(_ namespace: Namespace, context: RenderContext) -> ColorRole {
    namespace.status?.phase == "Terminating" ? .statusTerminating : .rowNormal
  }
}
