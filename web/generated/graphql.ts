/** How long a toastie is cooked. */
export type Doneness =
  /** 1 second (times the cook-time scale). The default. */
  | 'LIGHT'
  /** 2 seconds. */
  | 'MEDIUM'
  /** 5 seconds. */
  | 'WELL_DONE'
  /** 10 seconds. */
  | 'BURNT';

/** What the machine is doing right now. */
export type MachineStatus =
  /** Something is cooking. */
  | 'TOASTING'
  /** Nothing is cooking. */
  | 'AVAILABLE';
