export * from './action-record';
export * from './gate';
export * from './refusal';
export * from './requirements';
export * from './state-machine';
export * from './roles';
