// Every package's `prepack` script: packing and publishing go through pnpm only. pnpm writes the
// manifest users install (the `workspace:` ranges become versions, `publishConfig` replaces the
// workspace's `exports` with the published ones); npm would pack the workspace's manifest as it is.
// `pnpm pack` and `pnpm publish` run `prepack` with pnpm's user agent; `npm pack` and `npm publish`
// with npm's, and are refused here.
const agent = process.env.npm_config_user_agent ?? ""
if (!agent.startsWith("pnpm/")) {
  console.error(
    `Refusing to ${process.env.npm_command ?? "pack"} with ${agent.split(" ")[0] || "an unknown client"}: ` +
      "pack and publish with pnpm (npx -y pnpm@10.34.9 pack / publish), which writes the published manifest."
  )
  process.exit(1)
}
