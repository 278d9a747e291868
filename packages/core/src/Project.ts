/**
 * Models of project labels (projects) and task tags (spec 4.4).
 *
 * @since 0.1.0
 */
export {}
