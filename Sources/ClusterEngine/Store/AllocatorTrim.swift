#if canImport(Glibc)
  import Glibc
#endif

/// Gives the allocator's free memory back to the system after a burst of changes.
///
/// Creating 150,000 pods at once makes the engine hold, for a few simulated seconds, every
/// change of the burst waiting to be dispatched and every intermediate version; once they
/// are dispatched most of that memory is free but glibc keeps it mapped, and threads that
/// allocate from other arenas later (the dashboard's, the API server's) cannot reuse it, so
/// the process stays hundreds of megabytes larger than what it holds. `malloc_trim` returns
/// the free pages; it touches no live memory, so the engine's behaviour does not change.
enum AllocatorTrim {
  /// A settle that dispatched at least this many changes is a burst worth trimming after:
  /// trimming walks the heap, so small settles (every tick of a steady cluster) skip it.
  static let burstChanges = 50_000

  /// Returns free memory to the system where the C library can (glibc's `malloc_trim`,
  /// looked up at run time because Swift's Glibc module does not declare it).
  static func releaseFreeMemory() {
    #if canImport(Glibc)
      // Looked up on each call: it is rare (once per burst), and nothing global is kept.
      guard let symbol = dlsym(nil, "malloc_trim") else { return }
      typealias TrimFunction = @convention(c) (Int) -> Int32
      _ = unsafeBitCast(symbol, to: TrimFunction.self)(0)
    #endif
  }
}
