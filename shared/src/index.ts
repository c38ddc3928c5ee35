export * from './contracts/index';
export * from './errors';
export * from './result';
export * from './view-model/packet-view';
export * from './view-model/labels';
export * from './view-model/action-view';
