/**
 * Models of supported software, plugins and render environments (spec 4.5).
 *
 * @since 0.1.0
 */
export {}
