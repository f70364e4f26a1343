/**
 * A general English stop-word list (function words, auxiliaries, pronouns, question words).
 * Dropping them keeps OR-ranked queries from matching every record on "the" or "did"; content
 * words carry the meaning. Nothing here is tuned to a data set.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all am an and any are aren as at be because been before being below
  between both but by can cannot could couldn did didn do does doesn doing don down during each few for from
  further had hadn has hasn have haven having he her here hers herself him himself his how i if in into is isn
  it its itself just ll me might more most must mustn my myself no nor not now of off on once only or other
  ought our ours ourselves out over own re same shall shan she should shouldn so some such than that the their
  theirs them themselves then there these they this those through to too under until up upon us very was wasn
  we were weren what when where which while who whom whose why will with won would wouldn you your yours
  yourself yourselves ve d s t m y also get got let may per via yet either neither`
    .split(/\s+/)
    .filter(Boolean),
);
