extension ObjectValidator {
  /// A job (`ValidateJob`; on update the selector, completions and template stay).
  public static func validateJob(_ job: Job, old: Job? = nil) -> [ValidationError] {
    var errors = validateMetadata(job.metadata, old: old?.metadata, namespaced: true, name: isDNS1123Subdomain)
    let spec = job.spec ?? JobSpec()
    let path = FieldPath("spec")
    errors += validateJobSpec(spec, path)
    if let old {
      let previous = old.spec ?? JobSpec()
      if spec.selector != previous.selector {
        errors.append(.invalid(path.child("selector"), jsonValue(spec.selector), fieldImmutableMessage))
      }
      if spec.completions != previous.completions, spec.completionMode != "Indexed" {
        errors.append(
          .invalid(path.child("completions"), spec.completions.map { .integer(Int64($0)) } ?? .json("null"), fieldImmutableMessage))
      }
      if spec.template != previous.template, spec.suspend != true {
        errors.append(.invalid(path.child("template"), jsonValue(spec.template), fieldImmutableMessage))
      }
    }
    return errors
  }

  /// A cron job (`ValidateCronJobCreate`): a name short enough for its jobs, a schedule, a
  /// concurrency policy and a valid job template.
  public static func validateCronJob(_ cronJob: CronJob, old: CronJob? = nil) -> [ValidationError] {
    var errors = validateMetadata(cronJob.metadata, old: old?.metadata, namespaced: true, name: isDNS1123Subdomain)
    if let name = cronJob.metadata.name, name.utf8.count > 52 {
      errors.append(.invalid(FieldPath("metadata", "name"), .string(name), "must be no more than 52 characters"))
    }
    let spec = cronJob.spec ?? CronJobSpec()
    let path = FieldPath("spec")
    let schedule = spec.schedule ?? ""
    if schedule.isEmpty {
      errors.append(.required(path.child("schedule")))
    } else {
      do throws(CronScheduleError) {
        _ = try CronSchedule(parsing: schedule)
      } catch {
        errors.append(.invalid(path.child("schedule"), .string(schedule), error.description))
      }
      if schedule.contains("TZ") {
        errors.append(
          .invalid(path.child("schedule"), .string(schedule), "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"))
      }
    }
    errors += validateDefaultedChoice(spec.concurrencyPolicy, ["Allow", "Forbid", "Replace"], path.child("concurrencyPolicy"))
    errors += nonNegative(spec.startingDeadlineSeconds, path.child("startingDeadlineSeconds"))
    errors += nonNegative(spec.successfulJobsHistoryLimit, path.child("successfulJobsHistoryLimit"))
    errors += nonNegative(spec.failedJobsHistoryLimit, path.child("failedJobsHistoryLimit"))
    let templatePath = path.child("jobTemplate")
    if let template = spec.jobTemplate {
      errors += validateLabels(template.metadata?.labels, path: templatePath.child("metadata", "labels"))
      errors += validateAnnotations(template.metadata?.annotations, path: templatePath.child("metadata", "annotations"))
      let jobSpec = template.spec ?? JobSpec()
      errors += validateJobSpec(jobSpec, templatePath.child("spec"))
      if jobSpec.selector != nil {
        errors.append(.invalid(templatePath.child("spec", "selector"), jsonValue(jobSpec.selector), "`selector` will be auto-generated"))
      }
    } else {
      errors.append(.required(templatePath))
    }
    return errors
  }

  /// `validateJobSpec`: counts and limits not negative, and a template whose pods do not
  /// restart (`OnFailure` or `Never`; an absent policy defaults to `Always`).
  private static func validateJobSpec(_ spec: JobSpec, _ path: FieldPath) -> [ValidationError] {
    var errors = nonNegative(spec.parallelism, path.child("parallelism"))
    errors += nonNegative(spec.completions, path.child("completions"))
    errors += nonNegative(spec.activeDeadlineSeconds, path.child("activeDeadlineSeconds"))
    errors += nonNegative(spec.backoffLimit, path.child("backoffLimit"))
    errors += nonNegative(spec.ttlSecondsAfterFinished, path.child("ttlSecondsAfterFinished"))
    if let mode = spec.completionMode, mode != "NonIndexed", mode != "Indexed" {
      errors.append(.notSupported(path.child("completionMode"), .string(mode), supported: ["NonIndexed", "Indexed"]))
    }
    if spec.completionMode == "Indexed", spec.completions == nil {
      errors.append(.required(path.child("completions"), "when completion mode is Indexed"))
    }
    if let selector = spec.selector { errors += validateLabelSelector(selector, path.child("selector")) }
    let templatePath = path.child("template")
    errors += validatePodTemplate(spec.template, templatePath)
    let restartPolicy = spec.template?.spec?.restartPolicy ?? "Always"
    if restartPolicy != "OnFailure", restartPolicy != "Never" {
      errors.append(
        .notSupported(templatePath.child("spec", "restartPolicy"), .string(restartPolicy), supported: ["OnFailure", "Never"]))
    }
    return errors
  }
}
