/**
 * Software, plugins and render environments (docs/protocol.md 4.5). The software and plugins come
 * from the constant catalogue of `../catalogue.ts`; render environments belong to each account.
 *
 * - `querySoftwareDetail`: `osName` other than `"windows"` / `"linux"` answers 600; a `cgId`
 *   the farm does not render answers `404 resource_not_found`.
 * - `addUserPluginConfig` / `editUserPluginConfig`: `cgId`, `cgName` (case-insensitive) and
 *   `cgVersion` must name a catalogue version installed on `renderSystem`'s OS, and every
 *   plugin id must be a plugin of that version on that OS, at most one version per plugin;
 *   otherwise 600 with the reason. Adding an existing `editName` answers 600; editing, deleting
 *   or setting as default an unknown one answers 404.
 * - Each DCC that has environments has exactly one default: the first environment of a DCC
 *   becomes its default, and deleting (or moving to another DCC) the default makes the oldest
 *   remaining environment of that DCC the default.
 * - `getUserPluginConfig` filters combine: `cgId`, `cgIds` (an empty list = no filter) and
 *   `osName` (0 = Linux, 1 = Windows). Environments are listed in creation order.
 *
 * @internal
 */
import { Either } from "effect"
import {
  CATALOGUE,
  type CatalogueSoftware,
  type CatalogueVersion,
  osOfRenderSystem,
  pluginById,
  pluginsOn,
  type SimRenderEnv,
  software,
  supportsLinux,
  unsupported,
  versionsOn
} from "../catalogue.ts"
import { invalid, notFound, serviceError, type ServiceError } from "../codes.ts"
import type { AccountState, State } from "../state.ts"
import * as V from "../validate.ts"
import { endpoint, type Endpoint, ok, type Outcome } from "./common.ts"

/** The state with the account's environments replaced (defaults normalised), answering `data`. */
const withEnvs = (state: State, account: AccountState, envs: ReadonlyArray<SimRenderEnv>, data: unknown): Outcome => {
  const accounts = new Map(state.accounts)
  accounts.set(account.accessId, { ...account, renderEnvs: normaliseDefaults(envs) })
  return ok({ ...state, accounts }, data)
}

/** Exactly one default per DCC that has environments: the first marked one, else the oldest. */
const normaliseDefaults = (envs: ReadonlyArray<SimRenderEnv>): ReadonlyArray<SimRenderEnv> => {
  const chosen = new Map<number, string>()
  for (const env of envs) if (env.isDefault === 1 && !chosen.has(env.cgId)) chosen.set(env.cgId, env.editName)
  for (const env of envs) if (!chosen.has(env.cgId)) chosen.set(env.cgId, env.editName)
  return envs.map((env) => {
    const isDefault = chosen.get(env.cgId) === env.editName ? 1 : 0
    return env.isDefault === isDefault ? env : { ...env, isDefault }
  })
}

const softwareRow = (s: CatalogueSoftware) => ({
  cgId: s.cgId,
  cgName: s.cgName,
  cgType: s.cgType,
  iconPath: s.iconPath,
  isNeedProjectPath: s.isNeedProjectPath,
  isNeedAnalyse: s.isNeedAnalyse,
  isSupportLinux: supportsLinux(s) ? 1 : 0
})

const versionRow = (v: CatalogueVersion) => ({ id: v.id, cgId: v.cgId, cgName: v.cgName, cgVersion: v.cgVersion })

const pluginRow = (pluginId: number) => {
  const found = pluginById(pluginId)
  return {
    pluginId,
    pluginName: found?.plugin.pluginName ?? "",
    pluginVersion: found?.plugin.pluginVersion ?? ""
  }
}

/** An environment as a `RenderEnv` row (docs/protocol.md 4.5.5). */
const envRow = (env: SimRenderEnv, account: AccountState) => {
  const mainUserId = account.profile["mainUserId"]
  return {
    cgId: env.cgId,
    editName: env.editName,
    cgName: env.cgName,
    cgVersion: env.cgVersion,
    osName: env.renderSystem,
    renderLayerType: env.renderLayerType,
    isDefault: env.isDefault,
    respUserPluginInfoVos: env.pluginIds.map(pluginRow),
    projectPath: env.projectPath,
    isMainUserId: mainUserId === 0 || mainUserId === null || mainUserId === undefined ? 1 : 0
  }
}

// ---------------------------------------------------------------------------------------------
// Endpoints
// ---------------------------------------------------------------------------------------------

/** The catalogue's DCCs; `isAutoCommit` and `defaultCgId` come from the account. */
export const querySoftwareList = endpoint(
  "/api/render/plugin/querySoftwareList",
  V.none
)((_ctx, _input, state, account) => {
  const autoCommit = Number(account.settings["autoCommit"])
  const softType = account.profile["softType"]
  return ok(state, {
    isAutoCommit: Number.isInteger(autoCommit) ? autoCommit : 2,
    defaultCgId: typeof softType === "number" ? softType : 2001,
    renderInfoList: CATALOGUE.map(softwareRow)
  })
})

/** Versions of one DCC installed on `osName`, and their plugins on that OS grouped by name. */
export const querySoftwareDetail = endpoint(
  "/api/render/plugin/querySoftwareDetail",
  V.struct({ cgId: V.int(), osName: V.string() })
)((_ctx, input, state) => {
  const os = input.osName
  if (os !== "windows" && os !== "linux") {
    return { state, result: invalid(`osName must be "windows" or "linux", got ${JSON.stringify(os)}`) }
  }
  const s = software(input.cgId)
  if (s === undefined) return { state, result: notFound(`cgId ${input.cgId} is not a supported software`) }
  const versions = versionsOn(s.cgId, os)
  const cgPlugin = versions.flatMap((version) => {
    const groups = new Map<string, Array<ReturnType<typeof pluginRow>>>()
    for (const plugin of pluginsOn(version, os)) {
      const group = groups.get(plugin.pluginName) ?? []
      group.push(pluginRow(plugin.pluginId))
      groups.set(plugin.pluginName, group)
    }
    return Array.from(groups, ([pluginName, pluginVersions]) => ({ cvId: version.id, pluginName, pluginVersions }))
  })
  return ok(state, { cgPlugin, cgVersion: versions.map(versionRow) })
})

const envInput = V.struct({
  cgId: V.int(),
  cgName: V.string({ nonEmpty: true }),
  cgVersion: V.string({ nonEmpty: true }),
  renderLayerType: V.optional(V.int()),
  editName: V.string({ nonEmpty: true }),
  renderSystem: V.int({ allowed: [0, 1] }),
  pluginIds: V.intList(),
  projectPath: V.optional(V.string())
})

type EnvRequest = typeof envInput extends V.Validator<infer A> ? A : never

/** The environment a valid request describes, or why the catalogue refuses it (600). */
const envOf = (input: EnvRequest, isDefault: 0 | 1): Either.Either<SimRenderEnv, string> => {
  const pluginIds = Array.from(new Set(input.pluginIds))
  const os = osOfRenderSystem(input.renderSystem)
  const reason = unsupported({ cgId: input.cgId, cgName: input.cgName, cgVersion: input.cgVersion, os, pluginIds })
  if (reason !== undefined) return Either.left(reason)
  return Either.right({
    editName: input.editName,
    cgId: input.cgId,
    cgName: software(input.cgId)?.cgName ?? input.cgName,
    cgVersion: input.cgVersion,
    renderSystem: input.renderSystem === 0 ? 0 : 1,
    renderLayerType: input.renderLayerType ?? null,
    pluginIds,
    projectPath: input.projectPath ?? null,
    isDefault
  })
}

/** Creates an environment; data `{"editName": ...}`. */
export const addUserPluginConfig = endpoint(
  "/api/render/plugin/addUserPluginConfig",
  envInput
)((_ctx, input, state, account) => {
  if (account.renderEnvs.some((e) => e.editName === input.editName)) {
    return { state, result: invalid(`a render environment named "${input.editName}" already exists`) }
  }
  const env = envOf(input, 0)
  if (Either.isLeft(env)) return { state, result: invalid(env.left) }
  return withEnvs(state, account, [...account.renderEnvs, env.right], { editName: env.right.editName })
})

/**
 * An endpoint that changes an existing environment of the account, named by `editName` (404 for
 * an unknown one): `next` gives the account's environments after the change; data null.
 */
const envChange = <I extends { readonly editName: string }>(
  path: string,
  input: V.Validator<I>,
  next: (
    envs: ReadonlyArray<SimRenderEnv>,
    current: SimRenderEnv,
    input: I
  ) => Either.Either<ReadonlyArray<SimRenderEnv>, ServiceError>
): Endpoint =>
  endpoint(
    path,
    input
  )((_ctx, body, state, account) => {
    const current = account.renderEnvs.find((e) => e.editName === body.editName)
    if (current === undefined)
      return { state, result: notFound(`render environment "${body.editName}" does not exist`) }
    const envs = next(account.renderEnvs, current, body)
    return Either.isLeft(envs) ? { state, result: envs } : withEnvs(state, account, envs.right, null)
  })

/** Replaces the settings of an existing environment (its name and creation order stay). */
export const editUserPluginConfig = envChange(
  "/api/render/plugin/editUserPluginConfig",
  envInput,
  (envs, current, input) =>
    Either.match(envOf(input, current.cgId === input.cgId ? current.isDefault : 0), {
      onLeft: (reason) => Either.left(serviceError("ParameterInvalid", reason)),
      onRight: (env) => Either.right(envs.map((e) => (e.editName === input.editName ? env : e)))
    })
)

const editName = V.struct({ editName: V.string({ nonEmpty: true }) })

/** Deletes an environment. */
export const deleteUserPluginConfig = envChange(
  "/api/render/plugin/deleteUserPluginConfig",
  editName,
  (envs, current) => Either.right(envs.filter((e) => e !== current))
)

/** Makes an environment the only default of its DCC. */
export const setDefaultUserPluginConfig = envChange(
  "/api/render/plugin/setDefaultUserPluginConfig",
  editName,
  (envs, target) =>
    Either.right(
      envs.map((e): SimRenderEnv => (e.cgId === target.cgId ? { ...e, isDefault: e === target ? 1 : 0 } : e))
    )
)

/** The account's environments, filtered. */
export const getUserPluginConfig = endpoint(
  "/api/render/plugin/getUserPluginConfig",
  V.struct({
    cgId: V.optional(V.int()),
    cgIds: V.optional(V.intList()),
    osName: V.optional(V.int({ allowed: [0, 1] }))
  })
)((_ctx, input, state, account) => {
  const cgIds = input.cgIds ?? []
  const rows = account.renderEnvs
    .filter(
      (e) =>
        (input.cgId === undefined || e.cgId === input.cgId) &&
        (cgIds.length === 0 || cgIds.includes(e.cgId)) &&
        (input.osName === undefined || e.renderSystem === input.osName)
    )
    .map((e) => envRow(e, account))
  return ok(state, rows)
})
