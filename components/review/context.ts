import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ReviewDataSource } from '../../contract/review/data-source';

/** What every review view needs: where the data comes from, and who is looking (for plain 403 messages). */
export interface ReviewContextValue {
  source: ReviewDataSource;
  /** The signed-in role as shown to people, e.g. 质控. */
  roleLabel: string;
}

export const ReviewContext = createContext<ReviewContextValue | null>(null);

export function useReview(): ReviewContextValue {
  const value = useContext(ReviewContext);
  if (!value) throw new Error('review views need a ReviewContext provider');
  return value;
}
