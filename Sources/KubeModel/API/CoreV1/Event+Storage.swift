// The boxed fields of `Event`, their accessors, and its equality, hashing and coding.

extension Event {
  /// Every field of an Event but its type, kind and metadata, in declaration order.
  @usableFromInline
  struct Fields: Hashable, Sendable {
    @usableFromInline var involvedObject: ObjectReference = ObjectReference()
    @usableFromInline var reason: String?
    @usableFromInline var message: String?
    @usableFromInline var source: EventSource?
    @usableFromInline var firstTimestamp: Time?
    @usableFromInline var lastTimestamp: Time?
    @usableFromInline var count: Int32?
    /// `Normal` or `Warning`.
    @usableFromInline var type: String?
    @usableFromInline var eventTime: MicroTime?
    @usableFromInline var series: JSONValue?
    @usableFromInline var action: String?
    /// Boxed apart: rarely set, and inline it would be a quarter of every Event's fields.
    @usableFromInline var related: CopyOnWriteBox<ObjectReference>?
    @usableFromInline var reportingComponent: String?
    @usableFromInline var reportingInstance: String?

    /// One box of empty fields shared by every new Event: the first write copies it.
    @usableFromInline static let emptyBox = CopyOnWriteBox(Fields())
  }

  /// An Event with its fields given at once, boxed once (the engine records several per
  /// pod: setting them one by one would copy the shared empty box, then test it per field).
  public init(
    metadata: ObjectMeta, involvedObject: ObjectReference, reason: String?, message: String?,
    source: EventSource?, firstTimestamp: Time?, lastTimestamp: Time?, count: Int32?, type: String?,
    reportingComponent: String?, reportingInstance: String?
  ) {
    self.metadata = metadata
    fields = CopyOnWriteBox(
      Fields(
        involvedObject: involvedObject, reason: reason, message: message, source: source,
        firstTimestamp: firstTimestamp, lastTimestamp: lastTimestamp, count: count, type: type,
        reportingComponent: reportingComponent, reportingInstance: reportingInstance))
  }

  // The fields, read and written in their box: a write copies the box first when another
  // version of the Event shares it.

  @inlinable
  public var involvedObject: ObjectReference {
    get { fields.value.involvedObject }
    set { fields.value.involvedObject = newValue }
    _modify { yield &fields.value.involvedObject }
  }

  @inlinable
  public var reason: String? {
    get { fields.value.reason }
    set { fields.value.reason = newValue }
    _modify { yield &fields.value.reason }
  }

  @inlinable
  public var message: String? {
    get { fields.value.message }
    set { fields.value.message = newValue }
    _modify { yield &fields.value.message }
  }

  @inlinable
  public var source: EventSource? {
    get { fields.value.source }
    set { fields.value.source = newValue }
    _modify { yield &fields.value.source }
  }

  @inlinable
  public var firstTimestamp: Time? {
    get { fields.value.firstTimestamp }
    set { fields.value.firstTimestamp = newValue }
    _modify { yield &fields.value.firstTimestamp }
  }

  @inlinable
  public var lastTimestamp: Time? {
    get { fields.value.lastTimestamp }
    set { fields.value.lastTimestamp = newValue }
    _modify { yield &fields.value.lastTimestamp }
  }

  @inlinable
  public var count: Int32? {
    get { fields.value.count }
    set { fields.value.count = newValue }
    _modify { yield &fields.value.count }
  }

  /// `Normal` or `Warning`.
  @inlinable
  public var type: String? {
    get { fields.value.type }
    set { fields.value.type = newValue }
    _modify { yield &fields.value.type }
  }

  @inlinable
  public var eventTime: MicroTime? {
    get { fields.value.eventTime }
    set { fields.value.eventTime = newValue }
    _modify { yield &fields.value.eventTime }
  }

  @inlinable
  public var series: JSONValue? {
    get { fields.value.series }
    set { fields.value.series = newValue }
    _modify { yield &fields.value.series }
  }

  @inlinable
  public var action: String? {
    get { fields.value.action }
    set { fields.value.action = newValue }
    _modify { yield &fields.value.action }
  }

  @inlinable
  public var related: ObjectReference? {
    get { fields.value.related?.value }
    set { fields.value.related = newValue.map { CopyOnWriteBox($0) } }
  }

  @inlinable
  public var reportingComponent: String? {
    get { fields.value.reportingComponent }
    set { fields.value.reportingComponent = newValue }
    _modify { yield &fields.value.reportingComponent }
  }

  @inlinable
  public var reportingInstance: String? {
    get { fields.value.reportingInstance }
    set { fields.value.reportingInstance = newValue }
    _modify { yield &fields.value.reportingInstance }
  }

  public static func == (lhs: Event, rhs: Event) -> Bool {
    lhs.apiVersion == rhs.apiVersion && lhs.kind == rhs.kind && lhs.metadata == rhs.metadata
      && lhs.fields == rhs.fields
  }

  public func hash(into hasher: inout Hasher) {
    let fields = self.fields.value
    hasher.combine(self.apiVersion)
    hasher.combine(self.kind)
    hasher.combine(self.metadata)
    hasher.combine(fields.involvedObject)
    hasher.combine(fields.reason)
    hasher.combine(fields.message)
    hasher.combine(fields.source)
    hasher.combine(fields.firstTimestamp)
    hasher.combine(fields.lastTimestamp)
    hasher.combine(fields.count)
    hasher.combine(fields.type)
    hasher.combine(fields.eventTime)
    hasher.combine(fields.series)
    hasher.combine(fields.action)
    hasher.combine(related)
    hasher.combine(fields.reportingComponent)
    hasher.combine(fields.reportingInstance)
  }

  // The keys, their order and `IfPresent` calls of the synthesized conformance the plain
  // struct had: strict decoding records which keys were asked for, and the JSON must not move.
  enum CodingKeys: String, CodingKey {
    case apiVersion, kind, metadata, involvedObject, reason, message, source, firstTimestamp
    case lastTimestamp, count, type, eventTime, series, action, related, reportingComponent, reportingInstance
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    self.init()
    apiVersion = try container.decodeIfPresent(String.self, forKey: .apiVersion)
    kind = try container.decodeIfPresent(String.self, forKey: .kind)
    metadata = try container.decode(ObjectMeta.self, forKey: .metadata)
    involvedObject = try container.decode(ObjectReference.self, forKey: .involvedObject)
    reason = try container.decodeIfPresent(String.self, forKey: .reason)
    message = try container.decodeIfPresent(String.self, forKey: .message)
    source = try container.decodeIfPresent(EventSource.self, forKey: .source)
    firstTimestamp = try container.decodeIfPresent(Time.self, forKey: .firstTimestamp)
    lastTimestamp = try container.decodeIfPresent(Time.self, forKey: .lastTimestamp)
    count = try container.decodeIfPresent(Int32.self, forKey: .count)
    type = try container.decodeIfPresent(String.self, forKey: .type)
    eventTime = try container.decodeIfPresent(MicroTime.self, forKey: .eventTime)
    series = try container.decodeIfPresent(JSONValue.self, forKey: .series)
    action = try container.decodeIfPresent(String.self, forKey: .action)
    related = try container.decodeIfPresent(ObjectReference.self, forKey: .related)
    reportingComponent = try container.decodeIfPresent(String.self, forKey: .reportingComponent)
    reportingInstance = try container.decodeIfPresent(String.self, forKey: .reportingInstance)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encodeIfPresent(apiVersion, forKey: .apiVersion)
    try container.encodeIfPresent(kind, forKey: .kind)
    try container.encode(metadata, forKey: .metadata)
    try container.encode(involvedObject, forKey: .involvedObject)
    try container.encodeIfPresent(reason, forKey: .reason)
    try container.encodeIfPresent(message, forKey: .message)
    try container.encodeIfPresent(source, forKey: .source)
    try container.encodeIfPresent(firstTimestamp, forKey: .firstTimestamp)
    try container.encodeIfPresent(lastTimestamp, forKey: .lastTimestamp)
    try container.encodeIfPresent(count, forKey: .count)
    try container.encodeIfPresent(type, forKey: .type)
    try container.encodeIfPresent(eventTime, forKey: .eventTime)
    try container.encodeIfPresent(series, forKey: .series)
    try container.encodeIfPresent(action, forKey: .action)
    try container.encodeIfPresent(related, forKey: .related)
    try container.encodeIfPresent(reportingComponent, forKey: .reportingComponent)
    try container.encodeIfPresent(reportingInstance, forKey: .reportingInstance)
  }
}
