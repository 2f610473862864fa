export {
  isIanaTimezone,
  parseDurationMinutes,
  parseSchedule,
  type CronFields,
  type DayOfMonthRule,
  type DayOfWeekRule,
  type ParseResult,
  type RateUnit,
  type Schedule,
  type ScheduleContext,
} from './expression';
export {
  cronMatchesDate,
  longestGapHours,
  occurrences,
  type OccurrenceOptions,
  type ScheduleInZone,
} from './occurrences';
export {
  earlyPatchTuesdayRuns,
  patchTuesday,
  releaseWaits,
  PATCH_TUESDAY_ZONE,
  type ReleaseWait,
} from './patch-tuesday';
