import type { AnyNodeType } from './types.js';
import { NodeRegistry } from './registry.js';
import { identifyNode } from './identify.js';
import { passwordNode } from './password.js';
import { registerNode } from './register.js';
import { profileNode } from './profile.js';
import { conditionNode } from './condition.js';
import { successNode, failureNode } from './terminals.js';
import { consentNode } from './consent.js';
import { mfaChallengeNode, mfaEnrollNode } from './mfa.js';
import { socialNode, linkIdentityNode } from './social.js';
import { passkeyNode } from './passkey.js';
import { emailVerifyNode } from './email-verify.js';
import { passwordlessNode } from './passwordless.js';
import { setPasswordNode } from './set-password.js';
import { newEmailNode, changeEmailNode } from './email-change.js';
import { organisationNode } from './organisation.js';
import { homeRealmNode } from './home-realm.js';
import { botChallengeNode } from './bot-challenge.js';
import { riskNode } from './risk.js';
import { abSplitNode } from './ab-split.js';
import { httpRequestNode } from './http-request.js';
import { subflowNode } from './subflow.js';

/** Every node type Gerbang ships. Adding a node type = adding its module here. */
export const builtInNodeTypes: AnyNodeType[] = [
  identifyNode,
  passwordNode,
  registerNode,
  profileNode,
  conditionNode,
  consentNode,
  mfaChallengeNode,
  mfaEnrollNode,
  socialNode,
  linkIdentityNode,
  passkeyNode,
  successNode,
  failureNode,
  emailVerifyNode,
  passwordlessNode,
  setPasswordNode,
  newEmailNode,
  changeEmailNode,
  organisationNode,
  homeRealmNode,
  botChallengeNode,
  riskNode,
  abSplitNode,
  httpRequestNode,
  subflowNode,
];

export function createNodeRegistry(extra: AnyNodeType[] = []): NodeRegistry {
  return new NodeRegistry([...builtInNodeTypes, ...extra]);
}
