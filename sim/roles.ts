/** The client under which Keycloak keeps the WFM's roles in a token's `resource_access`. */
export const wfmClientId = 'wfm-forecasting-app'

/** The client role that allows pushing historical data. */
export const pushRole = 'WFM_HISTORICAL_DATA_PUSH'
