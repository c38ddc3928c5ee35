export {
  createZendeskPublicKeys,
  fetchTextDefault,
  PublicKeyUnavailable,
  ZENDESK_SUBDOMAIN,
  type FetchedText,
  type TextFetcher,
  type ZendeskPublicKeys,
  type ZendeskPublicKeysOptions,
} from './public-keys';
export {
  createZafTokenVerifier,
  tokenHash,
  ZafTokenError,
  type ZafIdentity,
  type ZafRefusal,
  type ZafTokenVerifier,
  type ZafTokenVerifierOptions,
} from './zaf-token';
export {
  createConnectorPeople,
  productRolesFor,
  type ConnectorPeopleOptions,
  type RoleDecision,
  type ZendeskPeople,
  type ZendeskPerson,
} from './people';
export {
  createZendeskSignIn,
  type SidebarSession,
  type ZendeskSignIn,
  type ZendeskSignInDeps,
} from './sign-in';
export { createSidebarPage, scriptSafeJson, ZAF_SDK_URL, type SidebarPage } from './sidebar-page';
