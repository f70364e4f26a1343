export { searchMemory, searchKeyword, type SearchHit, type SearchOptions, type SearchResult } from './search';
export { type SummaryHit } from './summaries';
export { type PromptHit } from './prompts';
export {
  searchInputSchema,
  resolveSearchParams,
  resolveProjectIds,
  parseDateBound,
  SEARCH_ORDERS,
  type SearchOrder,
  type RecordKind,
  type SearchInput,
  type SearchParams,
  type ResolveContext,
} from './params';
export { parseQuery, ftsAny, ftsTerm, type ParsedQuery, type QueryTerm } from './query';
export { DEFAULT_TUNING, rankKeyword, type KeywordTuning } from './keyword';
export { STOP_WORDS } from './stopwords';
export { timeline, type TimelineItem, type TimelineParams } from './timeline';
export { createEmbedder } from './embeddings/create';
export { createOpenAiEmbedder } from './embeddings/openai';
export { createGeminiEmbedder } from './embeddings/gemini';
export { backfillEmbeddings, embeddingText } from './embeddings/backfill';
export type { Embedder, FetchLike } from './embeddings/types';
export { formatHitLine, formatPromptLine, formatSummaryLine, formatTimelineLine, memoryNote } from './format';
export { clip, clipTitle } from './snippet';
