import type DataLoader from 'dataloader';
import type { RequestScope } from '../../../platform/requestScope.js';
import type { Grill } from './toasties/Grill.js';
import type { ToastieMaker } from './toasties/ToastieMaker.js';
import type { ToastieOutcome, ToastieRepository } from './toasties/ToastieRepository.js';

export interface JafflrContext extends RequestScope {
  toasties: ToastieRepository;
  /** Every `toasties(last:)` of one request (a gateway's batch shares one) in at most two reads, by page length. */
  latestToasties: DataLoader<number, ToastieOutcome[]>;
  maker: ToastieMaker;
  grill: Grill;
}
