import type { Grill } from './toasties/Grill.js';
import type { ToastieMaker } from './toasties/ToastieMaker.js';
import type { ToastieRepository } from './toasties/ToastieRepository.js';

export interface JafflrContext {
  toasties: ToastieRepository;
  maker: ToastieMaker;
  grill: Grill;
}
