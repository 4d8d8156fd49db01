import KubeModel

/// What the API server remembers of the last pod it defaulted and the last labels it found
/// valid, so that a burst of pods built from one template is defaulted and its labels
/// checked once.
///
/// A controller builds one pod for a burst and creates copies of it: every copy holds the
/// same spec and status storage, and the same labels. Defaulting reads only the spec and
/// status, so a pod holding the storage last defaulted takes the defaulted spec and status
/// as they are (sharing them, where defaulting each copy would allocate a spec and a status
/// per pod). The pods kept here hold their storage alive, so it cannot be freed and reused
/// by another pod while remembered.
struct PodDefaultsMemo {
  private var last: (input: Pod, defaulted: Pod, classes: UInt64)?
  /// The last labels validation found no error in.
  private var validLabels: [String: String]?

  /// Applies the API's defaults to `pod` (as `Pod.applyDefaults()`) and then `admit` (the
  /// priority admission), reusing the last result when `pod` holds the same spec and status
  /// storage as the last pod defaulted and the priority classes (`classes`, their store's
  /// change count) have not changed since. Only a pod admitted is remembered.
  mutating func applyDefaults(_ pod: inout Pod, classes: UInt64, admit: (inout Pod) throws(Status) -> Void) throws(Status) {
    if let last, last.classes == classes, pod.sharesSpec(with: last.input), pod.sharesStatus(with: last.input) {
      pod.shareSpec(of: last.defaulted)
      pod.shareStatus(of: last.defaulted)
      return
    }
    let input = pod
    pod.applyDefaults()
    try admit(&pod)
    last = (input, pod, classes)
  }

  /// Whether `labels` are known valid: equal to the last labels that passed (a comparison
  /// that ends at once when both share storage, as a burst's pods do).
  func knowsValid(_ labels: [String: String]) -> Bool { validLabels == labels }

  /// Remembers `labels` as valid.
  mutating func noteValid(_ labels: [String: String]) { validLabels = labels }
}
