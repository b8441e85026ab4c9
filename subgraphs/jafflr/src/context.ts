import type { RequestScope } from '../../../platform/requestScope.js';
import type { Grill } from './toasties/Grill.js';
import type { ToastieMaker } from './toasties/ToastieMaker.js';
import type { ToastieRepository } from './toasties/ToastieRepository.js';

export interface JafflrContext extends RequestScope {
  toasties: ToastieRepository;
  maker: ToastieMaker;
  grill: Grill;
}
