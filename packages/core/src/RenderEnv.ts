/**
 * Models of supported software, plugins and render environments (docs/protocol.md 4.5), and the DCC
 * ids and OS enumerations they use (docs/protocol.md 5.3, 5.5).
 *
 * Response fields the service may omit or send as `null` are optional properties; lists the
 * service may omit or send as `null` decode to an empty list; extra fields the service adds
 * are ignored.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import type * as ParseResult from "effect/ParseResult"
import { list, opt, optionalExcept, optionalFields } from "./internal/fields.ts"
import { Id, nonEmptyText } from "./internal/schema.ts"

// ---------------------------------------------------------------------------------------------
// Enumerations
// ---------------------------------------------------------------------------------------------

/**
 * DCC software ids (`cgId`, docs/protocol.md 5.3), so code reads `CgId.Maya` rather than `2000`.
 * Nuke (2015) is in the tables of the Python SDK since release 3.0.3.23.
 *
 * @since 0.1.0
 * @category enumerations
 */
export const CgId = {
  Maya: 2000,
  /** 3ds Max. */
  Max: 2001,
  LightWave: 2002,
  Arnold: 2003,
  Houdini: 2004,
  Cinema4D: 2005,
  Softimage: 2006,
  Blender: 2007,
  VrStandalone: 2008,
  MrStandalone: 2009,
  SketchUp: 2010,
  Vue: 2011,
  KeyShot: 2012,
  Clarisse: 2013,
  OctaneRender: 2014,
  Nuke: 2015,
  Katana: 2016
} as const

/**
 * A DCC id.
 *
 * @since 0.1.0
 * @category enumerations
 */
export type CgId = (typeof CgId)[keyof typeof CgId]

/**
 * The Python SDK's lower-case name of each DCC id (`DCC_ID_MAPPINGS`, docs/protocol.md 5.3).
 *
 * @since 0.1.0
 * @category enumerations
 */
export const cgNames: { readonly [K in CgId]: string } = {
  2000: "maya",
  2001: "3ds max",
  2002: "lightwave",
  2003: "arnold",
  2004: "houdini",
  2005: "cinema4d",
  2006: "softimage",
  2007: "blender",
  2008: "vr_standalone",
  2009: "mr_standalone",
  2010: "sketchup",
  2011: "vue",
  2012: "keyshot",
  2013: "clarisse",
  2014: "octane_render",
  2015: "nuke",
  2016: "katana"
}

/** Other spellings: older SDK keys and the names the service writes in its answers. */
const aliases: Readonly<Record<string, CgId>> = {
  "3dsmax": 2001,
  "cinema 4d": 2005,
  "vr standalone": 2008,
  "mr standalone": 2009,
  "octane render": 2014
}

// Built in a function, so that a bundler can drop it when unused (it keeps a top-level spread).
const byName: ReadonlyMap<string, CgId> = /* @__PURE__ */ (() =>
  new Map<string, CgId>([
    ...Object.entries(cgNames).map(([id, name]): [string, CgId] => [name, Number(id) as CgId]),
    ...Object.entries(aliases)
  ]))()

/**
 * Whether a number is a known DCC id.
 *
 * @since 0.1.0
 * @category enumerations
 */
export const isCgId = (id: unknown): id is CgId => typeof id === "number" && Object.hasOwn(cgNames, id)

/**
 * The DCC id of a name, or `undefined` for a name this SDK does not know (never a `KeyError`,
 * unlike the Python SDK). Case and surrounding blanks do not matter. Accepted: the Python SDK's
 * keys (`"maya"`, `"3ds max"`, `"cinema4d"`, ...), its older key `"3dsmax"`, and the names the
 * service writes (`"3ds Max"`, `"CINEMA 4D"`, `"VR Standalone"`, ...).
 *
 * @example
 * ```ts
 * import { RenderEnv } from "@rayvision/core"
 * RenderEnv.cgIdOf("3ds Max") // 2001 (RenderEnv.CgId.Max)
 * RenderEnv.cgIdOf("nuke") // 2015 (RenderEnv.CgId.Nuke)
 * RenderEnv.cgIdOf("zbrush") // undefined
 * ```
 *
 * @since 0.1.0
 * @category enumerations
 */
export const cgIdOf = (name: string): CgId | undefined => byName.get(name.trim().toLowerCase())

/**
 * The Python SDK's lower-case name of a DCC id (`"3ds max"` for 2001), or `undefined` for an id
 * this SDK does not know.
 *
 * @since 0.1.0
 * @category enumerations
 */
export const cgNameOf = (id: number): string | undefined => (isCgId(id) ? cgNames[id] : undefined)

/**
 * The OS of `querySoftwareDetail` (docs/protocol.md 4.5.2, 5.5): a lower-case string.
 *
 * @since 0.1.0
 * @category enumerations
 */
export const OsName = { Windows: "windows", Linux: "linux" } as const

/**
 * `"windows"` or `"linux"`.
 *
 * @since 0.1.0
 * @category enumerations
 */
export type OsName = (typeof OsName)[keyof typeof OsName]

/**
 * The OS of a render environment as an integer (docs/protocol.md 5.5): `renderSystem` of
 * `addUserPluginConfig` / `editUserPluginConfig`, `osName` of `getUserPluginConfig` and of
 * {@link RenderEnv}. 0 = Linux, 1 = Windows.
 *
 * @since 0.1.0
 * @category enumerations
 */
export const RenderSystem = { Linux: 0, Windows: 1 } as const

/**
 * 0 (Linux) or 1 (Windows).
 *
 * @since 0.1.0
 * @category enumerations
 */
export type RenderSystem = (typeof RenderSystem)[keyof typeof RenderSystem]

/**
 * The {@link OsName} of a {@link RenderSystem} (`0` -> `"linux"`, `1` -> `"windows"`).
 *
 * @since 0.1.0
 * @category enumerations
 */
export const osNameOf = (system: RenderSystem): OsName => (system === RenderSystem.Linux ? "linux" : "windows")

/**
 * The {@link RenderSystem} of an {@link OsName} (`"linux"` -> `0`, `"windows"` -> `1`).
 *
 * @since 0.1.0
 * @category enumerations
 */
export const renderSystemOf = (os: OsName): RenderSystem => (os === "linux" ? RenderSystem.Linux : RenderSystem.Windows)

// ---------------------------------------------------------------------------------------------
// Response models
// ---------------------------------------------------------------------------------------------

/**
 * One supported DCC (`renderInfoList[]` of `querySoftwareList`, docs/protocol.md 4.5.1).
 *
 * @since 0.1.0
 * @category models
 */
export class Software
  extends /* @__PURE__ */ Schema.Class<Software>("@rayvision/core/Software")(
    /* @__PURE__ */ optionalExcept(["cgId", "cgName"], {
      /** See {@link CgId}. */
      cgId: Schema.Number,
      /** The name the service uses, e.g. `"3ds Max"`, `"CINEMA 4D"`. */
      cgName: Schema.String,
      /** Accepted scene-file extensions, `;`-separated, e.g. `"ma;mb"`. */
      cgType: Schema.String,
      iconPath: Schema.String,
      /** 1, 2 or 3 (undocumented meaning). */
      isNeedProjectPath: Schema.Number,
      isNeedAnalyse: Schema.Number,
      /** 1 when the DCC renders on Linux. */
      isSupportLinux: Schema.Number
    })
  ) {}

/**
 * The supported DCCs (`querySoftwareList`, docs/protocol.md 4.5.1).
 *
 * @since 0.1.0
 * @category models
 */
export class SoftwareList
  extends /* @__PURE__ */ Schema.Class<SoftwareList>("@rayvision/core/SoftwareList")(
    /* @__PURE__ */ optionalFields({
      /** The account's auto-commit setting (`"1"` = off, `"2"` = on in the user settings). */
      isAutoCommit: Schema.Number,
      /** The account's default DCC ({@link CgId}). */
      defaultCgId: Schema.Number,
      renderInfoList: /* @__PURE__ */ list(Software)
    })
  ) {}

/**
 * One version of a plugin (docs/protocol.md 4.5.2). `pluginId` is what `pluginIds` of a render
 * environment holds.
 *
 * @since 0.1.0
 * @category models
 */
export class PluginVersion
  extends /* @__PURE__ */ Schema.Class<PluginVersion>("@rayvision/core/PluginVersion")({
    pluginId: Schema.Number,
    /** e.g. `"zblur"`. */
    pluginName: Schema.String,
    /** Name and version, e.g. `"zblur 2.02.019"`. */
    pluginVersion: Schema.String
  }) {}

/**
 * The versions of one plugin for one DCC version (`cgPlugin[]`, docs/protocol.md 4.5.2).
 *
 * @since 0.1.0
 * @category models
 */
export class PluginGroup
  extends /* @__PURE__ */ Schema.Class<PluginGroup>("@rayvision/core/PluginGroup")({
    /** The {@link SoftwareVersion.id} these plugins are for. */
    cvId: Schema.Number,
    pluginName: Schema.String,
    pluginVersions: /* @__PURE__ */ list(PluginVersion)
  }) {}

/**
 * One version of a DCC (`cgVersion[]`, docs/protocol.md 4.5.2).
 *
 * @since 0.1.0
 * @category models
 */
export class SoftwareVersion
  extends /* @__PURE__ */ Schema.Class<SoftwareVersion>("@rayvision/core/SoftwareVersion")({
    /** The id plugin groups refer to (`cvId`). */
    id: Schema.Number,
    cgId: Schema.Number,
    /** e.g. `"CINEMA 4D"`: what `cgName` of a render environment takes. */
    cgName: Schema.String,
    /** e.g. `"R19"`, `"2024"`: what `cgVersion` of a render environment takes. */
    cgVersion: Schema.String
  }) {}

/**
 * Versions and plugins of one DCC on one OS (`querySoftwareDetail`, docs/protocol.md 4.5.2).
 *
 * @since 0.1.0
 * @category models
 */
export class SoftwareDetail
  extends /* @__PURE__ */ Schema.Class<SoftwareDetail>("@rayvision/core/SoftwareDetail")({
    cgPlugin: /* @__PURE__ */ list(PluginGroup),
    cgVersion: /* @__PURE__ */ list(SoftwareVersion)
  }) {}

/**
 * A render environment of the account (`getUserPluginConfig`, docs/protocol.md 4.5.5).
 *
 * @since 0.1.0
 * @category models
 */
export class RenderEnv
  extends /* @__PURE__ */ Schema.Class<RenderEnv>("@rayvision/core/RenderEnv")({
    cgId: Schema.Number,
    /** The environment's name, its key for edit, delete and set-default. */
    editName: Schema.String,
    cgName: Schema.String,
    cgVersion: Schema.String,
    /** See {@link RenderSystem}: 0 = Linux, 1 = Windows. */
    osName: Schema.Number,
    /** Maya render-layer type. */
    renderLayerType: /* @__PURE__ */ opt(Schema.Number),
    /** 1 = the default environment of its DCC. */
    isDefault: Schema.Number,
    /** The environment's plugins. */
    respUserPluginInfoVos: /* @__PURE__ */ list(PluginVersion),
    projectPath: /* @__PURE__ */ opt(Schema.String),
    isMainUserId: /* @__PURE__ */ opt(Schema.Number)
  }) {}

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

const describe = (actual: unknown) => (typeof actual === "string" ? `the string ${JSON.stringify(actual)}` : undefined)

/** A known DCC id, as an integer. */
const CgIdField = /* @__PURE__ */ Schema.Int.pipe(
  /* @__PURE__ */ Schema.filter((n) => isCgId(n), {
    message: () => "must be a known DCC id (see CgId, e.g. CgId.Maya = 2000)",
    // Property tests draw known ids directly (random integers almost never are one).
    arbitrary: () => (fc) => fc.constantFrom(...Object.values(CgId))
  })
).annotations({
  message: (issue: ParseResult.ParseIssue) => {
    const got = describe(issue.actual)
    return {
      message: `must be a known DCC id as an integer (see CgId, e.g. CgId.Maya = 2000)${got === undefined ? "" : `, not ${got}`}`,
      override: true
    }
  }
})

const RenderSystemField = /* @__PURE__ */ Schema.Literal(0, 1).annotations({
  message: (issue: ParseResult.ParseIssue) => {
    const got = describe(issue.actual)
    return {
      message: `must be the integer 0 (RenderSystem.Linux) or 1 (RenderSystem.Windows)${got === undefined ? "" : `, not ${got}`}`,
      override: true
    }
  }
})

const OsNameField = /* @__PURE__ */ Schema.Literal("windows", "linux").annotations({
  message: () => ({
    message: 'must be "windows" or "linux" (OsName.Windows / OsName.Linux): the OS the farm renders on',
    override: true
  })
})

const PluginIds = /* @__PURE__ */ Schema.Array(Id)

/**
 * Input of `softwareDetail` (`querySoftwareDetail`, docs/protocol.md 4.5.2). Both fields are
 * required: the OS is the farm's, never guessed from the machine the client runs on.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SoftwareDetailInput = /* @__PURE__ */ Schema.Struct({
  /** See {@link CgId}. */
  cgId: CgIdField,
  /** `"windows"` or `"linux"` ({@link OsName}). */
  osName: OsNameField
})

/**
 * What `softwareDetail` accepts.
 *
 * @since 0.1.0
 * @category models
 */
export type SoftwareDetailInput = typeof SoftwareDetailInput.Encoded

/**
 * Input of `addEnv` and `editEnv` (`addUserPluginConfig` / `editUserPluginConfig`, docs/protocol.md
 * 4.5.3), in the wire's field order. Optional fields are sent whenever they are given.
 *
 * @since 0.1.0
 * @category schemas
 */
export const EnvInput = /* @__PURE__ */ Schema.Struct({
  /** See {@link CgId}. */
  cgId: CgIdField,
  /** The DCC name as `querySoftwareDetail` writes it ({@link SoftwareVersion.cgName}). */
  cgName: /* @__PURE__ */ nonEmptyText('must be a non-empty DCC name, e.g. "Maya"'),
  /** The DCC version as `querySoftwareDetail` writes it ({@link SoftwareVersion.cgVersion}). */
  cgVersion: /* @__PURE__ */ nonEmptyText('must be a non-empty DCC version, e.g. "2024"'),
  /** Maya render-layer type. */
  renderLayerType: /* @__PURE__ */ Schema.optional(Schema.Int),
  /** The environment's name; for `editEnv`, an existing one. */
  editName: /* @__PURE__ */ nonEmptyText("must be a non-empty environment name"),
  /** The OS: an integer, 0 = Linux, 1 = Windows ({@link RenderSystem}). The string `"0"` of the document is refused. */
  renderSystem: RenderSystemField,
  /** {@link PluginVersion.pluginId} values; default none (sent as `[]`). */
  pluginIds: /* @__PURE__ */ Schema.optionalWith(PluginIds, { default: () => [] }),
  /** Project path. */
  projectPath: /* @__PURE__ */ Schema.optional(Schema.String)
})

/**
 * What `addEnv` and `editEnv` accept.
 *
 * @since 0.1.0
 * @category models
 */
export type EnvInput = typeof EnvInput.Encoded

/**
 * Input of `deleteEnv` and `setDefaultEnv` (docs/protocol.md 4.5.4).
 *
 * @since 0.1.0
 * @category schemas
 */
export const EditNameInput = /* @__PURE__ */ Schema.Struct({
  editName: /* @__PURE__ */ nonEmptyText("must be a non-empty environment name")
})

/**
 * Input of `listEnvs` (`getUserPluginConfig`, docs/protocol.md 4.5.5). Every filter is optional and
 * sent whenever it is given (including `osName: 0`); with none, every environment is listed. On the
 * wire `cgId` is an integer, `cgIds` a list of integers and `osName` the integer 0 (Linux) or 1
 * (Windows).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ListEnvsInput = /* @__PURE__ */ Schema.Struct({
  /** Only environments of this DCC ({@link CgId}), sent as an integer. */
  cgId: /* @__PURE__ */ Schema.optional(CgIdField),
  /** Only environments of these DCCs, sent as a list of integers. */
  cgIds: /* @__PURE__ */ Schema.optional(/* @__PURE__ */ Schema.Array(CgIdField)),
  /** Only environments on this OS ({@link RenderSystem}: 0 = Linux, 1 = Windows). */
  osName: /* @__PURE__ */ Schema.optional(RenderSystemField)
})

/**
 * What `listEnvs` accepts.
 *
 * @since 0.1.0
 * @category models
 */
export type ListEnvsInput = typeof ListEnvsInput.Encoded

/**
 * What `addUserPluginConfig` answers: the name of the created environment.
 *
 * @since 0.1.0
 * @category models
 */
export class AddedEnv
  extends /* @__PURE__ */ Schema.Class<AddedEnv>("@rayvision/core/AddedEnv")({
    editName: Schema.String
  }) {}
