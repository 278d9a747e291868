/**
 * @since 0.1.0
 */

/**
 * Request signing, exactly as the Renderbus service verifies it.
 * @since 0.1.0
 */
export * as Signer from "./Signer.ts"
