// The boxed fields of `ObjectMeta`, their accessors and its coding.

extension ObjectMeta {
  /// Every field of the metadata but `resourceVersion`, in declaration order.
  @usableFromInline
  struct Fields: Hashable, Sendable {
    @usableFromInline var name: String?
    @usableFromInline var generateName: String?
    @usableFromInline var namespace: String?
    @usableFromInline var uid: String?
    @usableFromInline var generation: Int64?
    @usableFromInline var creationTimestamp: Time?
    @usableFromInline var deletionTimestamp: Time?
    @usableFromInline var deletionGracePeriodSeconds: Int64?
    @usableFromInline var labels: [String: String]?
    @usableFromInline var annotations: [String: String]?
    @usableFromInline var ownerReferences: [OwnerReference]?
    @usableFromInline var finalizers: [String]?
    @usableFromInline var managedFields: [JSONValue]?

    init(
      name: String? = nil, namespace: String? = nil, labels: [String: String]? = nil,
      annotations: [String: String]? = nil, uid: String? = nil, creationTimestamp: Time? = nil
    ) {
      self.name = name
      self.namespace = namespace
      self.uid = uid
      self.creationTimestamp = creationTimestamp
      self.labels = labels
      self.annotations = annotations
    }

    /// One box of empty fields shared by every metadata made empty: the first write to
    /// any of them copies it (it is never uniquely referenced).
    static let emptyBox = CopyOnWriteBox(Fields())
  }

  // The fields, read and written in their box: a write copies the box first when another
  // version of the object shares it, and writing the value a field already has is no write
  // (the API server sets the fields it owns on every write, mostly to what they were, and
  // that must not give each version of an object its own box).

  @inlinable
  public var name: String? {
    get { fields.value.name }
    set { if fields.value.name != newValue { fields.value.name = newValue } }
    _modify { yield &fields.value.name }
  }

  @inlinable
  public var generateName: String? {
    get { fields.value.generateName }
    set { if fields.value.generateName != newValue { fields.value.generateName = newValue } }
    _modify { yield &fields.value.generateName }
  }

  @inlinable
  public var namespace: String? {
    get { fields.value.namespace }
    set { if fields.value.namespace != newValue { fields.value.namespace = newValue } }
    _modify { yield &fields.value.namespace }
  }

  @inlinable
  public var uid: String? {
    get { fields.value.uid }
    set { if fields.value.uid != newValue { fields.value.uid = newValue } }
    _modify { yield &fields.value.uid }
  }

  @inlinable
  public var generation: Int64? {
    get { fields.value.generation }
    set { if fields.value.generation != newValue { fields.value.generation = newValue } }
    _modify { yield &fields.value.generation }
  }

  @inlinable
  public var creationTimestamp: Time? {
    get { fields.value.creationTimestamp }
    set { if fields.value.creationTimestamp != newValue { fields.value.creationTimestamp = newValue } }
    _modify { yield &fields.value.creationTimestamp }
  }

  @inlinable
  public var deletionTimestamp: Time? {
    get { fields.value.deletionTimestamp }
    set { if fields.value.deletionTimestamp != newValue { fields.value.deletionTimestamp = newValue } }
    _modify { yield &fields.value.deletionTimestamp }
  }

  @inlinable
  public var deletionGracePeriodSeconds: Int64? {
    get { fields.value.deletionGracePeriodSeconds }
    set { if fields.value.deletionGracePeriodSeconds != newValue { fields.value.deletionGracePeriodSeconds = newValue } }
    _modify { yield &fields.value.deletionGracePeriodSeconds }
  }

  @inlinable
  public var labels: [String: String]? {
    get { fields.value.labels }
    set { if fields.value.labels != newValue { fields.value.labels = newValue } }
    _modify { yield &fields.value.labels }
  }

  @inlinable
  public var annotations: [String: String]? {
    get { fields.value.annotations }
    set { if fields.value.annotations != newValue { fields.value.annotations = newValue } }
    _modify { yield &fields.value.annotations }
  }

  @inlinable
  public var ownerReferences: [OwnerReference]? {
    get { fields.value.ownerReferences }
    set { if fields.value.ownerReferences != newValue { fields.value.ownerReferences = newValue } }
    _modify { yield &fields.value.ownerReferences }
  }

  @inlinable
  public var finalizers: [String]? {
    get { fields.value.finalizers }
    set { if fields.value.finalizers != newValue { fields.value.finalizers = newValue } }
    _modify { yield &fields.value.finalizers }
  }

  @inlinable
  public var managedFields: [JSONValue]? {
    get { fields.value.managedFields }
    set { if fields.value.managedFields != newValue { fields.value.managedFields = newValue } }
    _modify { yield &fields.value.managedFields }
  }
}

extension ObjectMeta: Codable {
  // The keys, their order and `IfPresent` calls of the synthesized conformance the plain
  // struct had: strict decoding records which keys were asked for, and the JSON must not move.
  enum CodingKeys: String, CodingKey {
    case name, generateName, namespace, uid, resourceVersion, generation, creationTimestamp, deletionTimestamp
    case deletionGracePeriodSeconds, labels, annotations, ownerReferences, finalizers, managedFields
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    self.init()
    name = try container.decodeIfPresent(String.self, forKey: .name)
    generateName = try container.decodeIfPresent(String.self, forKey: .generateName)
    namespace = try container.decodeIfPresent(String.self, forKey: .namespace)
    uid = try container.decodeIfPresent(String.self, forKey: .uid)
    resourceVersion = try container.decodeIfPresent(String.self, forKey: .resourceVersion)
    generation = try container.decodeIfPresent(Int64.self, forKey: .generation)
    creationTimestamp = try container.decodeIfPresent(Time.self, forKey: .creationTimestamp)
    deletionTimestamp = try container.decodeIfPresent(Time.self, forKey: .deletionTimestamp)
    deletionGracePeriodSeconds = try container.decodeIfPresent(Int64.self, forKey: .deletionGracePeriodSeconds)
    labels = try container.decodeIfPresent([String: String].self, forKey: .labels)
    annotations = try container.decodeIfPresent([String: String].self, forKey: .annotations)
    ownerReferences = try container.decodeIfPresent([OwnerReference].self, forKey: .ownerReferences)
    finalizers = try container.decodeIfPresent([String].self, forKey: .finalizers)
    managedFields = try container.decodeIfPresent([JSONValue].self, forKey: .managedFields)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encodeIfPresent(name, forKey: .name)
    try container.encodeIfPresent(generateName, forKey: .generateName)
    try container.encodeIfPresent(namespace, forKey: .namespace)
    try container.encodeIfPresent(uid, forKey: .uid)
    try container.encodeIfPresent(resourceVersion, forKey: .resourceVersion)
    try container.encodeIfPresent(generation, forKey: .generation)
    try container.encodeIfPresent(creationTimestamp, forKey: .creationTimestamp)
    try container.encodeIfPresent(deletionTimestamp, forKey: .deletionTimestamp)
    try container.encodeIfPresent(deletionGracePeriodSeconds, forKey: .deletionGracePeriodSeconds)
    try container.encodeIfPresent(labels, forKey: .labels)
    try container.encodeIfPresent(annotations, forKey: .annotations)
    try container.encodeIfPresent(ownerReferences, forKey: .ownerReferences)
    try container.encodeIfPresent(finalizers, forKey: .finalizers)
    try container.encodeIfPresent(managedFields, forKey: .managedFields)
  }
}
