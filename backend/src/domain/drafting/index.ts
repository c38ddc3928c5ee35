export * from './render';
export * from './sinks';
export * from './commitment-guard';
export * from './template-check';
