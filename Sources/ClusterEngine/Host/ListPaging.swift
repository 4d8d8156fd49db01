import Foundation
import KubeModel

/// A list request against the store: filters, `limit` and `continue` paging with the API
/// server's opaque token, and the list's revision in `metadata.resourceVersion`.
///
/// The token has upstream's shape (base64 of `{"v":"meta.k8s.io/v1","rv":N,"start":"key\u0000"}`).
/// Simplification: etcd serves later pages from the first page's snapshot; the store keeps
/// no snapshots, so later pages show the objects after the token's key as they are now,
/// while `metadata.resourceVersion` stays the first page's. A token older than the watch
/// log is refused with 410 Expired, as a compacted etcd revision is.
struct ListPaging {
  let filter: ObjectFilter
  let limit: Int?
  let token: ContinueToken?

  init<T: KubeObject>(_ type: T.Type, namespace: String?, options: ListOptions) throws(Status) {
    filter = try ObjectFilter(
      T.self, namespace: namespace, labelSelector: options.labelSelector, fieldSelector: options.fieldSelector)
    limit = options.limit.flatMap { $0 > 0 ? $0 : nil }
    if let text = options.continueToken, !text.isEmpty {
      token = try ContinueToken(decoding: text)
    } else {
      token = nil
    }
  }

  /// One page of the objects in `snapshot`, in key order.
  func page<T: KubeObject>(_ snapshot: ListSnapshot<T>) throws(Status) -> ObjectList<T> {
    let revision: Int64
    if let token {
      guard token.revision >= snapshot.compactedRevision else { throw Status.expired(Self.expiredMessage) }
      revision = token.revision
    } else {
      revision = snapshot.revision
    }
    // Positions in the table, in key order: objects are copied once, into the page.
    let order = snapshot.keyOrder(namespace: filter.namespace)
    var first = 0
    if let after = token?.lastKey {
      // The store sorts by (namespace, name); the token's key is the last one served.
      first = order.partitioningIndex { $0.key > after }
    }
    let objects = snapshot.objects
    var served: [Dictionary<StoreKey, T>.Index] = []
    var remaining = 0
    // `order` holds only the filter's namespace; without selectors every object matches,
    // and reading each one to ask would copy it.
    let selects = filter.canChangeMembership
    served.reserveCapacity(selects ? 0 : min(order.count - first, limit ?? Int.max))
    for entry in order[first...] where !selects || filter.matches(objects[entry.index]) {
      if let limit, served.count >= limit {
        remaining += 1
        if filter.canChangeMembership { break }
      } else {
        served.append(entry.index)
      }
    }
    let items = served.map { objects[$0] }
    var metadata = ListMeta(resourceVersion: String(revision))
    if remaining > 0, let last = items.last {
      metadata.continue = ContinueToken(revision: revision, start: Self.keyText(last) + "\u{0}").encoded
      // The API server counts the rest only when no selector makes counting expensive.
      if !filter.canChangeMembership { metadata.remainingItemCount = Int64(remaining) }
    }
    return ObjectList(items: items, metadata: metadata)
  }

  /// The key an object sorts by in a list: `namespace/name`, or `name`.
  static func keyText(_ object: some KubeObject) -> String {
    let namespace = object.metadata.namespace ?? ""
    return namespace.isEmpty ? object.name : "\(namespace)/\(object.name)"
  }

  static let expiredMessage =
    "The provided continue parameter is too old to display a consistent list result. You can start a new list "
    + "without the continue parameter, or use the continue token in this response to retrieve the remainder of the "
    + "results. Continuing with the provided token results in an inconsistent list - objects that were created, "
    + "modified, or deleted between the time the first chunk was returned and now may show up in the list."
}

/// The objects of one type as the store held them at one revision: taken under the
/// cluster's lock in constant time (the table is copy-on-write), read outside it.
struct ListSnapshot<T: KubeObject>: Sendable {
  let objects: Dictionary<StoreKey, T>.Values
  let revision: Int64
  let compactedRevision: Int64

  init(_ type: T.Type, store: ObjectStore) {
    objects = store.all(T.self)
    revision = store.revision
    compactedRevision = store.compactedRevision
  }

  /// The keys of the objects (in one namespace when given) and their positions in
  /// `objects`, sorted by namespace and name as `ObjectStore.list` returns them. Objects
  /// are read in place, not copied.
  func keyOrder(namespace: String?) -> [(key: ObjectKey, index: Dictionary<StoreKey, T>.Index)] {
    var order: [(key: ObjectKey, index: Dictionary<StoreKey, T>.Index)] = []
    order.reserveCapacity(objects.count)
    var index = objects.startIndex
    while index != objects.endIndex {
      let key = ObjectKey(namespace: objects[index].metadata.namespace ?? "", name: objects[index].metadata.name ?? "")
      if namespace == nil || key.namespace == namespace { order.append((key, index)) }
      objects.formIndex(after: &index)
    }
    // Names are ASCII in practice: sort the keys' bytes (a radix sort) rather than compare
    // `String` pairs, which for 150,000 pods takes most of a list's time.
    let keys = TextSortKeys(count: order.count, pair: { (order[$0].key.namespace, order[$0].key.name) })
    guard keys.isASCII, order.count < Int(Int32.max) else {
      order.sort { $0.key < $1.key }
      return order
    }
    let rows = Array(0..<Int32(order.count))
    // Keys are unique, so ties never occur.
    if keys.isAscending() { return order }
    return keys.sorted(rows, tie: rows, ascending: true).map { order[Int($0)] }
  }
}

/// The opaque `continue` token of a paged list.
struct ContinueToken: Hashable {
  var revision: Int64
  /// The first key the next page may contain: the last key served and a NUL, as etcd's
  /// range start.
  var start: String

  /// The last key served before this token.
  var lastKey: ObjectKey {
    let key = start.hasSuffix("\u{0}") ? String(start.dropLast()) : start
    guard let slash = key.firstIndex(of: "/") else { return ObjectKey(name: key) }
    return ObjectKey(namespace: String(key[..<slash]), name: String(key[key.index(after: slash)...]))
  }

  init(revision: Int64, start: String) {
    self.revision = revision
    self.start = start
  }

  /// Decodes a token; a malformed one is upstream's 400 `invalid continue token: …`.
  init(decoding text: String) throws(Status) {
    func invalid(_ why: String) -> Status { .badRequest("invalid continue token: continue key is not valid: \(why)") }
    var padded = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while padded.count % 4 != 0 { padded += "=" }
    guard let data = Data(base64Encoded: padded), let json = String(data: data, encoding: .utf8) else {
      throw invalid("illegal base64 data")
    }
    let node: ManifestNode
    do { node = try JSONParser.parse(json) } catch { throw invalid("invalid JSON") }
    let value = node.jsonValue
    guard value["v"]?.stringValue == "meta.k8s.io/v1" else {
      throw invalid("server does not recognize this encoded version")
    }
    guard let revision = value["rv"]?.intValue, revision > 0, let start = value["start"]?.stringValue else {
      throw invalid("incorrect encoded start resourceVersion (version meta.k8s.io/v1)")
    }
    self.init(revision: revision, start: start)
  }

  /// The token as the API returns it (unpadded URL-safe base64, as Go's RawURLEncoding).
  var encoded: String {
    let json = JSONWriter.write(.object(["v": .string("meta.k8s.io/v1"), "rv": .int(revision), "start": .string(start)]))
    return Data(json.utf8).base64EncodedString()
      .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
      .replacingOccurrences(of: "=", with: "")
  }
}

extension Array {
  /// The first index whose element satisfies `predicate`, for a predicate that is false
  /// then true along the array (binary search).
  func partitioningIndex(where predicate: (Element) -> Bool) -> Int {
    var low = 0
    var high = count
    while low < high {
      let middle = (low + high) / 2
      if predicate(self[middle]) { high = middle } else { low = middle + 1 }
    }
    return low
  }
}
