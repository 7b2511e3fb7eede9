import type { FileContext } from './fileContext';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

/** What a rule's documentation page says; the docs and the README table are generated from it. */
export interface RuleDocs {
  readonly what: string;
  readonly why: string;
  readonly bad: string;
  readonly good: string;
  readonly fix: string;
  readonly references: readonly string[];
}

export interface RuleMeta {
  /** The public id (rules.md): settings and suppression comments use it. */
  readonly id: string;
  /** The public name, accepted wherever the id is. */
  readonly name: string;
  readonly severity: Severity;
  readonly summary: string;
  /** Whether the rule offers a quick-fix for (some of) its findings. */
  readonly fixable: boolean;
  /**
   * Whether its findings depend on how the other functions of the file set up TLS: the engine then runs it one setup
   * function at a time and keeps its findings while what it observed through TlsSetup holds. Such a rule reads other
   * functions only through TlsSetup (which records it) and reports only in `file.analysedSetupFunctions()`. Other
   * rules read one function and the summaries of its callees.
   */
  readonly readsTlsSetup?: boolean;
  readonly docs: RuleDocs;
}

/** A replacement of the text between two offsets of the linted text. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** Behaviour-preserving or clearly correct: offered as the preferred fix and applied by fix-all. */
  readonly safe: boolean;
}

export interface RelatedLocation {
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

/** What a rule reports; the engine adds the rule id and applies the configured severity. */
export interface Report {
  readonly start: number;
  readonly end: number;
  readonly message: string;
  /** Overrides the rule's default severity for this finding (the catalog's "W; E for …"). */
  readonly severity?: Severity;
  readonly related?: readonly RelatedLocation[];
  readonly fixes?: readonly Fix[];
  readonly deprecated?: boolean;
}

export interface Finding extends Report {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly related: readonly RelatedLocation[];
  readonly fixes: readonly Fix[];
}

export interface Rule {
  readonly meta: RuleMeta;
  check(file: FileContext, report: (finding: Report) => void): void;
}
