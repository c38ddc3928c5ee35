export {
  FakeTriageService,
  makeCaseRecord,
  makePacket,
  type FakeCall,
  type FakeWrite,
} from './fake-triage-service';
export { createTestApp, TENANT_A, TENANT_B, TOKEN_A, TOKEN_B, type TestApp } from './test-app';
