export { createDemoSources, logTemplate } from './demo-sources';
export {
  createDemoWriteBacks,
  DEMO_DESK_ID,
  DEMO_MARKER,
  DEMO_WRITE_ACTIONS,
  type DemoWriteBackDeps,
} from './desk-write-back';
