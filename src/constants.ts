/** Identifiers shared by package.json contributions and the code that implements them. */
export const extensionId = 'openssl-doctor.openssl-doctor';
export const configSection = 'openssl-doctor';
export const outputChannelName = 'OpenSSL Doctor';

export const CommandId = {
  showLog: 'openssl-doctor.showLog',
  diagnoseTlsEndpoint: 'openssl-doctor.diagnoseTlsEndpoint',
  rerunDiagnosis: 'openssl-doctor.rerunDiagnosis',
  copyDiagnosisMarkdown: 'openssl-doctor.copyDiagnosisMarkdown',
  saveDiagnosisJson: 'openssl-doctor.saveDiagnosisJson',
} as const;
