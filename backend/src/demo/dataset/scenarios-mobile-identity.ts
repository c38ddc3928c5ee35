import type { Scenario } from './scenario-types';
import { tiered } from './scenario-types';

export const MOBILE_SCENARIOS: Scenario[] = [
  {
    key: 'mobile-ios-offline-crash',
    product: 'mobile',
    component: 'ios-app',
    queue: 'mobile-squad',
    category: 'defect',
    severity: tiered('sev2'),
    tags: ['mobile', 'ios', 'crash', 'ki-19'],
    role: 'admin',
    channels: ['email', 'web', 'chat'],
    weight: 2,
    knownIssue: 'KI-19',
    texts: [
      (c) => ({
        subject: 'iOS app crashes on launch',
        description: `Since the update the app crashes immediately when opened on ${c.d.iosDevice} (iOS ${c.d.iosVersion}). App version ${c.versionAt('mobile')}. Our field team can't work.`,
      }),
      (c) => ({
        subject: 'App closes right after splash screen',
        description: `Several of our users (${c.d.users}) report the iPhone app closes right after the logo. Reinstalling would lose their offline drafts. Crash log mentions OfflineStore.compact.`,
      }),
      (c) => ({
        subject: 'Crash on startup - iPad',
        description: `Ferrowick ${c.versionAt('mobile')} on an ${c.d.iosDevice} crashes at startup every time. EXC_BAD_ACCESS in OfflineStore.compact according to the crash report.`,
      }),
    ],
    outcomes: [
      () => ({
        note: 'KI-19 (EXC_BAD_ACCESS in OfflineStore.compact, cache > 200 MB). Fixed in 6.10.2; users updated.',
        reply:
          'The crash happens when the offline cache grows beyond 200 MB. Version 6.10.2 fixes it and keeps your offline drafts; please update from the App Store. If a device cannot update yet, offloading the app (Settings → General → iPhone Storage) also works without losing data.',
      }),
    ],
    resolveHours: [6, 96],
  },
  {
    key: 'mobile-android-pdf-crash',
    product: 'mobile',
    component: 'android-app',
    queue: 'mobile-squad',
    category: 'defect',
    severity: 'sev3',
    tags: ['mobile', 'android', 'crash', 'invoice_pdf', 'ki-21'],
    role: 'admin',
    channels: ['email', 'web'],
    weight: 2,
    knownIssue: 'KI-21',
    texts: [
      (c) => ({
        subject: 'Android app crashes when opening invoice',
        description: `Tapping "View PDF" on any invoice closes the app. ${c.d.androidDevice}, Android ${c.d.androidVersion}, app ${c.versionAt('mobile')}.`,
      }),
      (c) => ({
        subject: 'Crash: FileUriExposedException',
        description: `Our developer looked at the logcat: android.os.FileUriExposedException when opening an invoice PDF. Device ${c.d.androidDevice} on Android 14.`,
      }),
      () => ({
        subject: 'Cannot open PDFs in the app',
        description:
          'On my new phone the app crashes whenever I try to open an invoice. My old phone works fine.',
      }),
    ],
    localized: {
      es: [
        (c) => ({
          subject: 'La app se cierra al abrir una factura',
          description: `Cuando abro el PDF de una factura en la app de Android, se cierra. Teléfono ${c.d.androidDevice}, Android 14.`,
        }),
      ],
    },
    localizedOutcomes: {
      es: [
        () => ({
          note: 'KI-21 (FileUriExposedException on Android 14). Workaround: Share PDF.',
          reply:
            'Es un problema conocido en Android 14 y nuestro equipo móvil ya trabaja en la corrección. Mientras tanto, puede abrir el menú de la factura (⋮) y elegir "Compartir PDF" para verla en otra aplicación.',
        }),
      ],
    },
    outcomes: [
      () => ({
        note: 'KI-21 (FileUriExposedException on Android 14). Workaround: Share PDF. Linked to ENG-478.',
        reply:
          'This is a known issue on Android 14 that our mobile team is working on. Until the fix is out, you can open the invoice menu (⋮) and choose "Share PDF" to open it in another viewer.',
      }),
    ],
    resolveHours: [2, 48],
  },
  {
    key: 'mobile-push-missing',
    product: 'mobile',
    component: 'push-notifications',
    queue: 'mobile-squad',
    category: 'defect',
    severity: 'sev3',
    tags: ['mobile', 'push'],
    role: 'admin',
    channels: ['email', 'chat', 'web'],
    weight: 2,
    texts: [
      () => ({
        subject: 'No push notifications for approvals',
        description:
          'Managers are not getting push notifications for invoice approvals anymore. Notifications are enabled in iOS settings.',
      }),
      (c) => ({
        subject: 'Push notifications delayed',
        description: `Payment notifications arrive hours late on Android (${c.d.androidDevice}).`,
      }),
      () => ({
        subject: 'Notifications stopped after phone change',
        description: "I moved to a new phone and don't get any notifications from the app.",
      }),
    ],
    outcomeFor: [0, 1, 0],
    outcomes: [
      () => ({
        note: 'Stale device token after restore from backup; sign out/in re-registered token.',
        reply:
          'The phone was still registered with an old notification token (this happens after restoring from a backup). Signing out of the app and back in registers the new device; notifications are working again.',
      }),
      () => ({
        note: 'Battery optimisation on Android killing background delivery; documented setting.',
        reply:
          'Android\'s battery optimisation was delaying notifications. Setting Ferrowick to "Unrestricted" under Settings → Apps → Ferrowick → Battery fixes it.',
      }),
    ],
    resolveHours: [2, 72],
  },
  {
    key: 'mobile-offline-conflict',
    product: 'mobile',
    component: 'offline-sync',
    queue: 'mobile-squad',
    category: 'data-issue',
    severity: tiered('sev3'),
    tags: ['mobile', 'offline', 'sync_conflict'],
    role: 'admin',
    channels: ['email', 'phone'],
    weight: 1.5,
    texts: [
      () => ({
        subject: 'Offline changes overwritten',
        description:
          'A technician edited an invoice offline, then a colleague changed it on the web. When the phone came online his changes were gone. Which version wins?',
      }),
      (c) => ({
        subject: 'Drafts lost after sync',
        description: `${c.rng.int(2, 9)} draft invoices created offline yesterday are not on the server. The app showed "synced".`,
      }),
    ],
    outcomeFor: [0, 1],
    outcomes: [
      () => ({
        note: 'Last-writer-wins conflict; recovered from version history. Explained conflict handling.',
        reply:
          "Both edits were saved; the later one became the current version. You can restore the technician's version from the invoice history (⋯ → Versions). I restored it for this invoice.",
      }),
      () => ({
        note: 'Drafts found in device outbox (upload failed on captive portal). Forced resync recovered them.',
        reply:
          'The drafts were still on the device; the upload had failed on a hotel Wi-Fi login page. After a manual sync (pull down on the Drafts list) they are all on the server now.',
      }),
    ],
    resolveHours: [4, 72],
  },
  {
    key: 'mobile-howto',
    product: 'mobile',
    component: 'ios-app',
    queue: 'mobile-squad',
    category: 'how-to',
    severity: 'sev4',
    tags: ['mobile', 'how_to'],
    role: 'admin',
    channels: ['email', 'chat'],
    weight: 1.5,
    texts: [
      () => ({
        subject: 'Deploy the app through MDM',
        description:
          'How do we deploy the Ferrowick app through our MDM with the workspace URL pre-configured?',
      }),
      () => ({
        subject: 'Use the app on a shared tablet',
        description: 'Is it possible to use one tablet for several staff members with quick user switching?',
      }),
    ],
    outcomeFor: [0, 1],
    outcomes: [
      () => ({
        note: 'Sent managed app config keys doc.',
        reply:
          'Yes, the app supports managed app configuration. Set `workspace_url` and optionally `sso_only=true` in your MDM; details are here: https://docs.ferrowick.example/mobile/mdm',
      }),
      () => ({
        note: 'Shared device mode explained (PIN switch).',
        reply:
          'Yes: turn on "Shared device mode" in Admin console → Mobile. Staff then switch users with a personal PIN, and each person only sees their own drafts.',
      }),
    ],
    resolveHours: [1, 48],
  },
  {
    key: 'mobile-login-loop',
    product: 'mobile',
    component: 'ios-app',
    queue: 'mobile-squad',
    category: 'access',
    severity: 'sev3',
    tags: ['mobile', 'login'],
    role: 'admin',
    channels: ['email', 'chat', 'web'],
    weight: 1.5,
    texts: [
      () => ({
        subject: 'App keeps logging me out',
        description: 'The mobile app asks me to log in every time I open it. On the web I stay logged in.',
      }),
      (c) => ({
        subject: 'SSO login in app returns to login screen',
        description: `On ${c.d.iosDevice} after signing in through our identity provider the app goes back to the login screen. Web SSO is fine.`,
      }),
    ],
    outcomes: [
      () => ({
        note: 'Device clock off by >5 min invalidated tokens; enabling automatic time fixed it.',
        reply:
          'The phone\'s clock was several minutes off, which makes sign-in tokens look expired. After turning on "Set automatically" for date and time, the app keeps the session.',
      }),
    ],
    resolveHours: [1, 48],
  },
  {
    key: 'mobile-feature-request',
    product: 'mobile',
    component: 'android-app',
    queue: 'mobile-squad',
    category: 'feature-request',
    severity: 'sev4',
    tags: ['mobile', 'feature_request'],
    role: 'admin',
    channels: ['email', 'web'],
    weight: 1,
    texts: [
      () => ({
        subject: 'Dark mode for the app',
        description: 'Would love to see a dark mode in the mobile app, our technicians work night shifts.',
      }),
      () => ({
        subject: 'Tablet layout',
        description: 'Any plans for a proper tablet layout on Android? Lots of wasted space on our tablets.',
      }),
    ],
    outcomes: [
      () => ({
        note: 'Logged on mobile roadmap.',
        reply: 'Thanks for the idea; I have added it to the mobile roadmap request.',
      }),
    ],
    resolveHours: [2, 72],
  },
];

export const IDENTITY_SCENARIOS: Scenario[] = [
  {
    key: 'idp-sso-eu-incident',
    product: 'identity',
    component: 'sso-saml',
    queue: 'identity-squad',
    category: 'incident',
    severity: 'sev1',
    tags: ['sso', 'saml', 'incident', 'login'],
    role: 'admin',
    channels: ['phone', 'email', 'chat'],
    weight: 0,
    texts: [
      () => ({
        subject: 'SSO down - nobody can log in',
        description:
          'Since a few minutes ago none of our users can log in with SSO. The error page says "SAML response signature invalid". This is blocking the whole company.',
      }),
      () => ({
        subject: 'URGENT: SAML login failing for all users',
        description:
          'All users get an error after authenticating at our identity provider. Nothing changed on our side. Please call me.',
      }),
      () => ({
        subject: 'Single sign-on broken',
        description: "Our staff can't sign in through single sign-on this morning. Is there an outage?",
      }),
    ],
    localized: {
      de: [
        () => ({
          subject: 'SSO-Anmeldung funktioniert nicht',
          description:
            'Seit ca. 20 Minuten kann sich niemand bei uns per SSO anmelden. Fehlermeldung: "SAML response signature invalid". Alle Mitarbeiter sind betroffen.',
        }),
      ],
    },
    firstReply: [
      (c) =>
        `We are aware of SAML sign-in failures for EU-hosted workspaces and are working on it as our top priority (${c.incident?.id ?? 'see status page'}). Password and API key access still work. Updates: https://status.ferrowick.example`,
    ],
    localizedOutcomes: {
      de: [
        (c) => ({
          note: `${c.incident?.id ?? 'Incident'}: expired SP signing certificate on EU endpoint, rotated.`,
          reply:
            'Die Anmeldung per SSO funktioniert wieder. Ein abgelaufenes Zertifikat an unserem EU-Endpunkt wurde ersetzt; einzelne Nutzer müssen die Anmeldung eventuell einmal wiederholen. Wir entschuldigen uns für die Unterbrechung.',
        }),
      ],
    },
    outcomes: [
      (c) => ({
        note: `${c.incident?.id ?? 'Incident'}: expired SP signing certificate on EU endpoint, rotated. Customer confirmed login OK.`,
        reply:
          'Sign-in is working again. An expired certificate on our EU single sign-on endpoint was replaced; some users may need to retry once. We are sorry for the disruption.',
      }),
    ],
    resolveHours: [2, 6],
  },
  {
    key: 'idp-scim-delay-incident',
    product: 'identity',
    component: 'scim-provisioning',
    queue: 'identity-squad',
    category: 'incident',
    severity: 'sev3',
    tags: ['scim', 'provisioning', 'incident'],
    role: 'admin',
    channels: ['email', 'web'],
    weight: 0,
    texts: [
      () => ({
        subject: 'New hires not provisioned',
        description:
          'We added 14 new hires in our identity provider this morning and none of them exist in Ferrowick yet. SCIM log in the IdP shows success.',
      }),
      () => ({
        subject: 'SCIM group changes not applied',
        description:
          'Group membership changes pushed over SCIM an hour ago are not reflected. Is provisioning delayed?',
      }),
    ],
    outcomes: [
      (c) => ({
        note: `${c.incident?.id ?? 'Incident'}: provisioning queue consumer stalled; backlog applied.`,
        reply:
          'Provisioning was delayed on our side; the backlog has been processed and your new users and group changes are now applied.',
      }),
    ],
    resolveHours: [5, 12],
  },
  {
    key: 'idp-saml-audience',
    product: 'identity',
    component: 'sso-saml',
    queue: 'identity-squad',
    category: 'access',
    severity: tiered('sev2'),
    tags: ['sso', 'saml', 'ki-22'],
    role: 'admin',
    channels: ['email', 'web'],
    weight: 2,
    knownIssue: 'KI-22',
    texts: [
      () => ({
        subject: 'SAML error after changing entity ID',
        description:
          'We enabled a custom entity ID as suggested in the new SSO settings and now sign-in fails with SAML_AUDIENCE_MISMATCH for part of our users.',
      }),
      (c) => ({
        subject: 'SSO: audience mismatch',
        description: `Users get "SAML_AUDIENCE_MISMATCH" when logging in. About ${c.d.users} people affected. We didn't change anything in our IdP.`,
      }),
      () => ({
        subject: "Some users can't log in via SSO",
        description:
          "Since yesterday some of our users can't sign in through SSO. Others can. The error mentions the audience.",
      }),
    ],
    outcomes: [
      () => ({
        note: 'KI-22 (SAML_AUDIENCE_MISMATCH). Audience URI updated in IdP; fix in 2.6.1 accepts both IDs.',
        reply:
          'Sign-in failed because your identity provider still sent the old audience value after the entity ID change. Setting the Audience URI in your IdP to the entity ID shown in Admin console → SSO fixes it, and our latest update accepts both values during migration.',
      }),
    ],
    resolveHours: [2, 48],
  },
  {
    key: 'idp-scim-session',
    product: 'identity',
    component: 'scim-provisioning',
    queue: 'identity-squad',
    category: 'access',
    severity: 'sev2',
    tags: ['scim', 'deprovisioning', 'security', 'ki-12'],
    role: 'admin',
    channels: ['email', 'web'],
    weight: 1.5,
    knownIssue: 'KI-12',
    texts: [
      () => ({
        subject: 'Deprovisioned user still had access',
        description:
          'We removed a contractor in our IdP at 09:00. Our audit shows he still downloaded invoices at 09:40. This is a security problem. Why was the session still valid?',
      }),
      () => ({
        subject: 'SCIM deprovisioning does not end sessions',
        description:
          'When we deactivate a user via SCIM, the user stays logged in on the web app for up to an hour. Expected: immediate sign-out.',
      }),
    ],
    outcomes: [
      () => ({
        note: 'KI-12 (SCIM_DEPROVISION_SESSION_LINGER). Sessions now revoked immediately since 2.8.2; provided audit log export for the user.',
        reply:
          'You are right that the session should have ended at deprovisioning. This was a bug in how sessions were revoked, and it has been fixed. I have attached the audit log for that user so your security team can review exactly what was accessed.',
      }),
    ],
    resolveHours: [4, 72],
  },
  {
    key: 'idp-mfa-reset',
    product: 'identity',
    component: 'mfa',
    queue: 'identity-squad',
    category: 'access',
    severity: 'sev3',
    tags: ['mfa', 'login', 'lockout'],
    role: 'admin',
    channels: ['email', 'chat', 'phone', 'web'],
    weight: 3,
    texts: [
      () => ({
        subject: 'Locked out - lost phone with authenticator',
        description:
          "I lost my phone and can't log in because of two-factor authentication. I don't have the backup codes. Can you reset my MFA?",
      }),
      () => ({
        subject: 'MFA codes rejected',
        description:
          'The 6-digit codes from my authenticator app are always "invalid". I checked the time on my phone.',
      }),
      (c) => ({
        subject: 'Reset 2FA for an employee',
        description: `One of our team (${c.rng.pick(['accounts clerk', 'warehouse lead', 'new bookkeeper', 'sales rep'])}) got a new phone and is locked out. How do I reset their two-factor?`,
      }),
    ],
    localized: {
      es: [
        () => ({
          subject: 'No puedo iniciar sesión - código MFA inválido',
          description:
            'El código de verificación de mi aplicación siempre aparece como inválido. No puedo iniciar sesión desde ayer.',
        }),
      ],
      de: [
        () => ({
          subject: '2FA zurücksetzen',
          description:
            'Ein Kollege hat ein neues Handy und kommt wegen der Zwei-Faktor-Authentifizierung nicht mehr rein. Wie kann ich das zurücksetzen?',
        }),
      ],
    },
    localizedOutcomes: {
      es: [
        () => ({
          note: 'Identity verified; MFA reset.',
          reply:
            'Después de verificar su identidad, restablecimos la autenticación de dos factores; en el próximo inicio de sesión se le pedirá configurarla de nuevo.',
        }),
      ],
      de: [
        () => ({
          note: 'MFA reset for user after admin confirmation; pointed admin to self-service reset.',
          reply:
            'Ich habe die Zwei-Faktor-Authentifizierung für Ihren Kollegen zurückgesetzt; bei der nächsten Anmeldung richtet er sie neu ein. Künftig können Admins das selbst unter Admin-Konsole → Benutzer → MFA zurücksetzen erledigen.',
        }),
      ],
    },
    outcomeFor: [0, 1, 2],
    outcomes: [
      () => ({
        note: 'Identity verified via admin; MFA reset. Pointed admin to self-service reset.',
        reply:
          'After your administrator confirmed your identity, I reset your two-factor authentication; you will be asked to set it up again at the next sign-in. For the future, admins can do this themselves under Admin console → Users → Reset MFA.',
      }),
      () => ({
        note: 'Authenticator had wrong account entry (old workspace); re-enrolled.',
        reply:
          'Your authenticator app had an entry for a different workspace. After removing it and scanning the new QR code, the codes work.',
      }),
      () => ({
        note: 'Admin shown self-service MFA reset for employee.',
        reply:
          'As an admin you can do this yourself: Admin console → Users → select the person → Reset MFA. They will be asked to set up two-factor again at their next sign-in. I have done it for them this time.',
      }),
    ],
    resolveHours: [0.5, 24],
  },
  {
    key: 'idp-howto-scim',
    product: 'identity',
    component: 'scim-provisioning',
    queue: 'identity-squad',
    category: 'how-to',
    severity: 'sev4',
    tags: ['scim', 'how_to'],
    role: 'admin',
    channels: ['email', 'web'],
    weight: 2,
    texts: [
      () => ({
        subject: 'How to set up SCIM with our IdP',
        description: 'We want to provision users automatically. Where do I find the SCIM base URL and token?',
      }),
      () => ({
        subject: 'Map IdP groups to Ferrowick roles',
        description:
          'Is it possible to map our IdP groups to Ferrowick roles (Finance, Admin) automatically?',
      }),
      () => ({
        subject: 'Enforce SSO for everyone',
        description: 'How can I require SSO for all users and disable password login?',
      }),
    ],
    outcomeFor: [0, 0, 1],
    outcomes: [
      () => ({
        note: 'How-to: SCIM URL/token in Admin console → Provisioning; group-role mapping doc.',
        reply:
          'You will find the SCIM base URL and can generate a token under Admin console → Provisioning. Group-to-role mapping is on the same page; the guide is here: https://docs.ferrowick.example/identity/scim',
      }),
      () => ({
        note: 'How-to: SSO enforcement toggle; break-glass admin advised.',
        reply:
          'Under Admin console → SSO, switch on "Require SSO for all users". We recommend keeping one break-glass admin with password and MFA in case your identity provider is unavailable.',
      }),
    ],
    resolveHours: [1, 36],
  },
  {
    key: 'idp-api-key',
    product: 'identity',
    component: 'api-keys',
    queue: 'identity-squad',
    category: 'how-to',
    severity: 'sev4',
    tags: ['api_keys', 'how_to'],
    role: 'engineer',
    channels: ['email', 'web'],
    weight: 1.5,
    texts: [
      () => ({
        subject: 'Rotate API keys without downtime',
        description: 'What is the recommended way to rotate our production API key without downtime?',
      }),
      () => ({
        subject: 'Restrict API key permissions',
        description: 'Can we create an API key that can only read invoices, not create charges?',
      }),
    ],
    outcomes: [
      () => ({
        note: 'Explained overlapping keys + scoped keys.',
        reply:
          'Create a second key, deploy it, then revoke the old one; both work in parallel until you revoke. Keys can be scoped to read-only resources when you create them.',
      }),
    ],
    resolveHours: [1, 36],
  },
  {
    key: 'idp-role-permissions',
    product: 'identity',
    component: 'admin-console',
    queue: 'identity-squad',
    category: 'access',
    severity: 'sev4',
    tags: ['roles', 'permissions'],
    role: 'admin',
    channels: ['email', 'chat', 'web'],
    weight: 1.5,
    texts: [
      () => ({
        subject: "Finance role can't see payouts",
        description:
          'Users with the Finance role get "You don\'t have permission" on the Payouts page. Is that expected?',
      }),
      () => ({
        subject: 'Custom role for approvers',
        description: 'We need a role that can approve invoices but not edit them. Possible?',
      }),
    ],
    outcomeFor: [0, 1],
    outcomes: [
      () => ({
        note: 'Payouts need "Payments: view" permission; added to custom role.',
        reply:
          'Payouts require the "Payments: view" permission, which the default Finance role does not include. I created a custom role "Finance + Payouts" for you; you can assign it under Admin console → Roles.',
      }),
      () => ({
        note: 'Custom role with invoices:approve without invoices:edit.',
        reply:
          'Yes. In Admin console → Roles, create a custom role with "Invoices: approve" and without "Invoices: edit". I set one up called "Approver" that you can assign right away.',
      }),
    ],
    resolveHours: [1, 48],
  },
];
