export {
  baseLanguage,
  chooseLocale,
  detectLanguage,
  LANGUAGE_DETECTOR,
  MIN_LETTERS,
  naturalText,
  RELIABLE_CONFIDENCE,
  UNDETERMINED,
  type LanguageCandidate,
  type LanguageDetection,
  type LocaleChoice,
} from './detect-language';
