/** Identifiers shared by package.json contributions and the code that implements them. */
export const extensionId = 'openssl-doctor.openssl-doctor';
export const configSection = 'openssl-doctor';
export const outputChannelName = 'OpenSSL Doctor';

export const CommandId = {
  showLog: 'openssl-doctor.showLog',
  checkWorkspace: 'openssl-doctor.checkWorkspace',
  showRuleDocumentation: 'openssl-doctor.showRuleDocumentation',
  explainError: 'openssl-doctor.explainError',
  diagnoseTlsEndpoint: 'openssl-doctor.diagnoseTlsEndpoint',
  rerunDiagnosis: 'openssl-doctor.rerunDiagnosis',
  copyDiagnosisMarkdown: 'openssl-doctor.copyDiagnosisMarkdown',
  saveDiagnosisJson: 'openssl-doctor.saveDiagnosisJson',
} as const;

/** The language offered for s_client transcripts and probe logs (.log files stay VS Code's own). */
export const opensslLogLanguageId = 'openssl-log';
