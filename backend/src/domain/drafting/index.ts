export * from './render';
export * from './sinks';
export * from './commitment-guard';
