import { describe, expect, it } from 'vitest';
import { chooseLocale, detectLanguage, naturalText, RELIABLE_CONFIDENCE, UNDETERMINED } from './index';

describe('detectLanguage', () => {
  it('recognises the languages the product ships approved text in, from one customer message', () => {
    const samples: [string, string][] = [
      [
        'en',
        'Since this morning every checkout session fails and our customers cannot pay for their orders.',
      ],
      ['de', 'Im PDF der Rechnung fehlen alle Positionen ab Seite 2, in der Web-Ansicht sind sie vorhanden.'],
      [
        'fr',
        'Depuis hier, nous ne pouvons plus nous connecter à notre compte et le code est toujours refusé.',
      ],
      [
        'es',
        'Desde ayer no puedo entrar a la cuenta; el código de verificación siempre dice que es inválido.',
      ],
    ];
    for (const [language, text] of samples) {
      const d = detectLanguage(text);
      expect(d.language, text).toBe(language);
      expect(d.reliable, text).toBe(true);
      expect(d.confidence, text).toBeGreaterThanOrEqual(RELIABLE_CONFIDENCE);
      expect(d.candidates[0]?.language).toBe(language);
    }
  });

  it('recognises languages it has no templates for, so that the fallback is explicit', () => {
    expect(detectLanguage('Olá, não consigo acessar minha conta desde ontem à noite.').language).toBe('pt');
    expect(detectLanguage('Ciao, non riesco ad accedere al mio account da ieri sera.').language).toBe('it');
  });

  it('refuses to call short texts: low confidence and undetermined, with the guess kept for display', () => {
    for (const text of ['it doesnt work', 'Danke', 'ok', 'Hola', 'Merci beaucoup', 'La app se cierra']) {
      const d = detectLanguage(text);
      expect(d.language, text).toBe(UNDETERMINED);
      expect(d.reliable, text).toBe(false);
      expect(d.confidence, text).toBeLessThan(RELIABLE_CONFIDENCE);
    }
    expect(detectLanguage('it doesnt work').guess).toBe('en');
  });

  it('reads no language from codes, ids, versions and links', () => {
    for (const text of [
      'SAML_AUDIENCE_MISMATCH',
      'HTTP 502 req_4f9a2b7c1d0e',
      'https://status.example.com/v2/x',
      '',
    ]) {
      const d = detectLanguage(text);
      expect(d.language, text).toBe(UNDETERMINED);
      expect(d.confidence, text).toBeLessThan(RELIABLE_CONFIDENCE);
    }
    expect(naturalText('Webhook 401 since 3.9.0 with WEBHOOK_SIGNATURE_MISMATCH, see https://x.io/a')).toBe(
      'Webhook since with , see',
    );
  });

  it('is not swayed by a German message full of English error codes', () => {
    const d = detectLanguage(
      'Seit dem Update auf 3.9.0 schlagen alle Webhooks mit WEBHOOK_SIGNATURE_MISMATCH fehl. Unser Endpunkt antwortet mit 401 Unauthorized.',
    );
    expect(d.language).toBe('de');
  });
});

describe('chooseLocale', () => {
  const available = ['en', 'de', 'fr', 'es'];

  it("writes in the customer's language when approved text exists in it", () => {
    expect(chooseLocale('de', available, 'en')).toMatchObject({ locale: 'de', fallback: false });
    expect(chooseLocale('fr', ['en', 'fr-CA'], 'en')).toMatchObject({ locale: 'fr-CA', fallback: false });
  });

  it('falls back to the tenant default, and says why', () => {
    expect(chooseLocale('pt', available, 'en')).toEqual({
      locale: 'en',
      fallback: true,
      detail: 'no approved pt text; tenant default en',
    });
    expect(chooseLocale(UNDETERMINED, available, 'de')).toEqual({
      locale: 'de',
      fallback: true,
      detail: 'customer language not determined; tenant default de',
    });
    // A default locale with no text of its own still yields approved text rather than none.
    expect(chooseLocale('pt', ['es'], 'en')).toMatchObject({ locale: 'es', fallback: true });
  });
});
