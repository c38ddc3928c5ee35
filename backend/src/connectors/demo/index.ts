export { createDemoSources, logTemplate } from './demo-sources';
