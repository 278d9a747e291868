/**
 * Models of transfer and storage: bucket ids, Raysync server and key, transfer configuration, task-JSON upload, output storage (spec 4.6, 4.2.2).
 *
 * @since 0.1.0
 */
export {}
