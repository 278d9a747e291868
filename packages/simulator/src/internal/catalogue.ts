/**
 * The simulated farm's software catalogue (docs/protocol.md 4.5.1, 4.5.2): the DCCs it renders,
 * their versions per OS, and the plugins of each version per OS (some only on Windows). It is a
 * constant: the same for every seed, so tests and users can rely on it. Plugin ids and version ids
 * (`cvId`) are unique across the whole catalogue.
 *
 * Besides the endpoints of `endpoints/renderEnv.ts`, the lookups here answer "is this software,
 * version and plugin set supported on this OS?" for any other check (e.g. task submission).
 *
 * @internal
 */

/** The OS of `querySoftwareDetail` (docs/protocol.md 5.5). @internal */
export type Os = "windows" | "linux"

/** Both OSes. @internal */
export const BOTH: ReadonlyArray<Os> = ["windows", "linux"]
const WINDOWS: ReadonlyArray<Os> = ["windows"]

/** The OS of a `renderSystem` / env `osName` integer (0 = Linux, 1 = Windows). @internal */
export const osOfRenderSystem = (renderSystem: number): Os => (renderSystem === 0 ? "linux" : "windows")

/** One version of a plugin for one DCC version. @internal */
export interface CataloguePlugin {
  /** Unique in the catalogue; what `pluginIds` hold. */
  readonly pluginId: number
  /** e.g. `"vray"`. */
  readonly pluginName: string
  /** The bare version, e.g. `"6.00.08"`. */
  readonly version: string
  /** The service's `pluginVersion`: name and version, e.g. `"vray 6.00.08"`. */
  readonly pluginVersion: string
  /** Where the plugin is installed. */
  readonly os: ReadonlyArray<Os>
}

/** One version of a DCC. @internal */
export interface CatalogueVersion {
  /** Unique in the catalogue; what `cvId` of a plugin group refers to. */
  readonly id: number
  readonly cgId: number
  readonly cgName: string
  /** e.g. `"2024"`, `"R26"`, `"19.5.640"`. */
  readonly cgVersion: string
  /** Where this version is installed. */
  readonly os: ReadonlyArray<Os>
  readonly plugins: ReadonlyArray<CataloguePlugin>
}

/** One DCC (a `renderInfoList[]` row plus its versions). @internal */
export interface CatalogueSoftware {
  readonly cgId: number
  readonly cgName: string
  readonly cgType: string
  readonly iconPath: string
  readonly isNeedProjectPath: number
  readonly isNeedAnalyse: number
  readonly versions: ReadonlyArray<CatalogueVersion>
}

// ---------------------------------------------------------------------------------------------
// The catalogue, written as data; ids are assigned in order below.
// ---------------------------------------------------------------------------------------------

/** A plugin: name, the versions offered (per DCC version), and where it is installed. */
interface PluginSpec {
  readonly name: string
  /** DCC version -> plugin versions; `"*"` = every version of the DCC. */
  readonly versions: Readonly<Record<string, ReadonlyArray<string>>>
  readonly os: ReadonlyArray<Os>
}

interface SoftwareSpec {
  readonly cgId: number
  readonly cgName: string
  readonly cgType: string
  readonly icon: string
  readonly isNeedProjectPath: number
  /** DCC version -> where it is installed. */
  readonly versions: ReadonlyArray<readonly [string, ReadonlyArray<Os>]>
  readonly plugins: ReadonlyArray<PluginSpec>
}

const SPECS: ReadonlyArray<SoftwareSpec> = [
  {
    cgId: 2000,
    cgName: "Maya",
    cgType: "ma;mb",
    icon: "maya",
    isNeedProjectPath: 3,
    versions: [
      ["2022", BOTH],
      ["2023", BOTH],
      ["2024", BOTH]
    ],
    plugins: [
      {
        name: "mtoa",
        versions: { "2022": ["5.1.1", "5.2.0"], "2023": ["5.2.2", "5.3.0"], "2024": ["5.3.4.1"] },
        os: BOTH
      },
      {
        name: "vray",
        versions: { "2022": ["5.20.02"], "2023": ["6.00.08"], "2024": ["6.00.08", "6.10.01"] },
        os: BOTH
      },
      { name: "redshift", versions: { "*": ["3.5.16", "3.5.20"] }, os: BOTH },
      { name: "yeti", versions: { "*": ["4.2.11"] }, os: BOTH },
      { name: "golaem", versions: { "2022": ["8.1.4"], "2023": ["8.1.4", "8.2.1"], "2024": ["8.2.1"] }, os: WINDOWS },
      { name: "miarmy", versions: { "2022": ["7.0.22"], "2023": ["7.0.22"] }, os: WINDOWS }
    ]
  },
  {
    cgId: 2001,
    cgName: "3ds Max",
    cgType: "max",
    icon: "3dsmax",
    isNeedProjectPath: 1,
    versions: [
      ["2021", WINDOWS],
      ["2022", WINDOWS],
      ["2023", WINDOWS],
      ["2024", WINDOWS]
    ],
    plugins: [
      {
        name: "vray",
        versions: { "2021": ["5.20.02"], "2022": ["5.20.02", "6.00.08"], "2023": ["6.00.08"], "2024": ["6.10.01"] },
        os: WINDOWS
      },
      {
        name: "corona",
        versions: { "2021": ["9.2"], "2022": ["9.2", "10.0"], "2023": ["10.0"], "2024": ["10.0"] },
        os: WINDOWS
      },
      { name: "forestpack", versions: { "*": ["8.2.2"] }, os: WINDOWS },
      { name: "railclone", versions: { "*": ["6.1.3"] }, os: WINDOWS },
      { name: "phoenixfd", versions: { "2021": ["4.41.00"], "2022": ["5.01.00"], "2023": ["5.01.00"] }, os: WINDOWS },
      { name: "tyflow", versions: { "*": ["1.110"] }, os: WINDOWS }
    ]
  },
  {
    cgId: 2004,
    cgName: "Houdini",
    cgType: "hip;hipnc;hiplc",
    icon: "houdini",
    isNeedProjectPath: 2,
    versions: [
      ["19.0.720", BOTH],
      ["19.5.640", BOTH],
      ["20.0.547", BOTH]
    ],
    plugins: [
      { name: "redshift", versions: { "*": ["3.5.16", "3.5.20"] }, os: BOTH },
      {
        name: "htoa",
        versions: { "19.0.720": ["6.1.3.0"], "19.5.640": ["6.2.0.0"], "20.0.547": ["6.2.4.1"] },
        os: BOTH
      },
      { name: "octane", versions: { "19.5.640": ["2022.1"], "20.0.547": ["2023.1"] }, os: WINDOWS },
      { name: "vray", versions: { "19.5.640": ["6.00.08"], "20.0.547": ["6.10.01"] }, os: BOTH }
    ]
  },
  {
    cgId: 2005,
    cgName: "CINEMA 4D",
    cgType: "c4d",
    icon: "c4d",
    isNeedProjectPath: 1,
    versions: [
      ["R26", WINDOWS],
      ["2023", BOTH],
      ["2024", BOTH]
    ],
    plugins: [
      { name: "redshift", versions: { R26: ["3.5.16"], "2023": ["3.5.16", "3.5.20"], "2024": ["3.5.20"] }, os: BOTH },
      { name: "octane", versions: { R26: ["2022.1.2"], "2023": ["2022.1.2"], "2024": ["2023.1"] }, os: WINDOWS },
      { name: "c4dtoa", versions: { "*": ["4.6.3"] }, os: BOTH },
      { name: "corona", versions: { R26: ["9"], "2023": ["10"], "2024": ["10"] }, os: WINDOWS },
      { name: "xparticles", versions: { R26: ["4.0.1070"], "2023": ["4.0.1070"] }, os: WINDOWS }
    ]
  },
  {
    cgId: 2007,
    cgName: "Blender",
    cgType: "blend",
    icon: "blender",
    isNeedProjectPath: 1,
    versions: [
      ["3.6", BOTH],
      ["4.0", BOTH],
      ["4.1", BOTH]
    ],
    plugins: [
      { name: "octane", versions: { "3.6": ["27.16"], "4.0": ["27.17"] }, os: WINDOWS },
      { name: "flip_fluids", versions: { "*": ["1.7.5"] }, os: BOTH }
    ]
  },
  {
    cgId: 2012,
    cgName: "KeyShot",
    cgType: "bip;ksp",
    icon: "keyshot",
    isNeedProjectPath: 1,
    versions: [
      ["11", WINDOWS],
      ["12", WINDOWS],
      ["2023", WINDOWS]
    ],
    plugins: []
  },
  {
    cgId: 2013,
    cgName: "Clarisse",
    cgType: "project",
    icon: "clarisse",
    isNeedProjectPath: 1,
    versions: [
      ["4.0 SP13", BOTH],
      ["5.0 SP8", BOTH]
    ],
    plugins: []
  },
  {
    cgId: 2016,
    cgName: "Katana",
    cgType: "katana",
    icon: "katana",
    isNeedProjectPath: 2,
    versions: [
      ["5.0v5", BOTH],
      ["6.0v3", BOTH]
    ],
    plugins: [
      { name: "renderman", versions: { "5.0v5": ["25.2"], "6.0v3": ["25.2", "26.0"] }, os: BOTH },
      { name: "ktoa", versions: { "*": ["4.2.3.1"] }, os: BOTH }
    ]
  },
  // Nuke is cgId 2015 since the official client 3.0.3.23 (docs/protocol.md 5.3). Listed last so
  // that the version and plugin ids of the DCCs above stay what they were.
  {
    cgId: 2015,
    cgName: "Nuke",
    cgType: "nk",
    icon: "nuke",
    isNeedProjectPath: 1,
    versions: [
      ["13.2v8", BOTH],
      ["14.1v5", BOTH],
      ["15.1v3", BOTH]
    ],
    plugins: [{ name: "neat_video", versions: { "*": ["5.6.1"] }, os: WINDOWS }]
  }
]

const FIRST_VERSION_ID = 11
const FIRST_PLUGIN_ID = 1601

const build = (): ReadonlyArray<CatalogueSoftware> => {
  let versionId = FIRST_VERSION_ID
  let pluginId = FIRST_PLUGIN_ID
  return SPECS.map((spec) => ({
    cgId: spec.cgId,
    cgName: spec.cgName,
    cgType: spec.cgType,
    iconPath: `/static/images/software/${spec.icon}.png`,
    isNeedProjectPath: spec.isNeedProjectPath,
    isNeedAnalyse: 1,
    versions: spec.versions.map(([cgVersion, os]) => ({
      id: versionId++,
      cgId: spec.cgId,
      cgName: spec.cgName,
      cgVersion,
      os,
      plugins: spec.plugins.flatMap((plugin) =>
        (plugin.versions[cgVersion] ?? plugin.versions["*"] ?? []).map((version) => ({
          pluginId: pluginId++,
          pluginName: plugin.name,
          version,
          pluginVersion: `${plugin.name} ${version}`,
          // A plugin is only where both it and the DCC version are installed.
          os: plugin.os.filter((o) => os.includes(o))
        }))
      )
    }))
  }))
}

/** Every DCC of the simulated farm, in `querySoftwareList` order. @internal */
export const CATALOGUE: ReadonlyArray<CatalogueSoftware> = build()

const softwareById: ReadonlyMap<number, CatalogueSoftware> = new Map(CATALOGUE.map((s) => [s.cgId, s]))

const pluginIndex: ReadonlyMap<
  number,
  { readonly software: CatalogueSoftware; readonly version: CatalogueVersion; readonly plugin: CataloguePlugin }
> = new Map(
  CATALOGUE.flatMap((software) =>
    software.versions.flatMap((version) =>
      version.plugins.map((plugin) => [plugin.pluginId, { software, version, plugin }] as const)
    )
  )
)

// ---------------------------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------------------------

/** A DCC by id, or `undefined`. @internal */
export const software = (cgId: number): CatalogueSoftware | undefined => softwareById.get(cgId)

/** Whether a DCC has at least one version on Linux (`isSupportLinux`). @internal */
export const supportsLinux = (s: CatalogueSoftware): boolean => s.versions.some((v) => v.os.includes("linux"))

/** The versions of a DCC installed on `os` (none for an unknown DCC). @internal */
export const versionsOn = (cgId: number, os: Os): ReadonlyArray<CatalogueVersion> =>
  software(cgId)?.versions.filter((v) => v.os.includes(os)) ?? []

/**
 * A version of a DCC by its `cgVersion` text, on any OS when `os` is not given. `cgName`, when
 * given, must be the DCC's name (case-insensitive: the service writes both "CINEMA 4D" and
 * "Cinema 4D").
 * @internal
 */
export const findVersion = (query: {
  readonly cgId: number
  readonly cgVersion: string
  readonly cgName?: string
  readonly os?: Os
}): CatalogueVersion | undefined => {
  const s = software(query.cgId)
  if (s === undefined) return undefined
  if (query.cgName !== undefined && query.cgName.toLowerCase() !== s.cgName.toLowerCase()) return undefined
  return s.versions.find((v) => v.cgVersion === query.cgVersion && (query.os === undefined || v.os.includes(query.os)))
}

/** The plugins of a DCC version installed on `os`. @internal */
export const pluginsOn = (version: CatalogueVersion, os: Os): ReadonlyArray<CataloguePlugin> =>
  version.plugins.filter((p) => p.os.includes(os))

/** A plugin by id with its DCC and version, or `undefined`. @internal */
export const pluginById = (pluginId: number) => pluginIndex.get(pluginId)

/**
 * A plugin of a DCC version on `os` by name and bare version (`{"vray": "6.00.08"}` in a
 * task.json's `software_config.plugins`), or `undefined`. Names compare case-insensitively.
 * @internal
 */
export const findPlugin = (
  version: CatalogueVersion,
  os: Os,
  name: string,
  pluginVersion: string
): CataloguePlugin | undefined =>
  pluginsOn(version, os).find(
    (p) =>
      p.pluginName.toLowerCase() === name.toLowerCase() &&
      (p.version === pluginVersion || p.pluginVersion === pluginVersion)
  )

/**
 * Why a software / version / plugin combination cannot render on `os`, or `undefined` when it
 * can. Plugins are given by id or by name and version; two versions of one plugin are refused.
 * @internal
 */
export const unsupported = (query: {
  readonly cgId: number
  readonly cgVersion: string
  readonly cgName?: string
  readonly os: Os
  readonly pluginIds?: ReadonlyArray<number>
  readonly plugins?: Readonly<Record<string, string>>
}): string | undefined => {
  const s = software(query.cgId)
  if (s === undefined) return `cgId ${query.cgId} is not a supported software`
  if (query.cgName !== undefined && query.cgName.toLowerCase() !== s.cgName.toLowerCase()) {
    return `cgName "${query.cgName}" does not match cgId ${query.cgId} ("${s.cgName}")`
  }
  const anyOs = findVersion({ cgId: query.cgId, cgVersion: query.cgVersion })
  if (anyOs === undefined) {
    return `${s.cgName} ${query.cgVersion} is not supported (versions: ${s.versions.map((v) => v.cgVersion).join(", ")})`
  }
  if (!anyOs.os.includes(query.os)) return `${s.cgName} ${query.cgVersion} is not available on ${query.os}`
  const chosen: Array<CataloguePlugin> = []
  for (const id of query.pluginIds ?? []) {
    const found = pluginById(id)
    if (found === undefined) return `plugin ${id} does not exist`
    if (found.version.id !== anyOs.id) {
      return `plugin ${id} (${found.plugin.pluginVersion}) is for ${found.software.cgName} ${found.version.cgVersion}, not ${s.cgName} ${query.cgVersion}`
    }
    if (!found.plugin.os.includes(query.os)) {
      return `plugin ${id} (${found.plugin.pluginVersion}) is not available on ${query.os}`
    }
    chosen.push(found.plugin)
  }
  for (const [name, version] of Object.entries(query.plugins ?? {})) {
    const found = findPlugin(anyOs, query.os, name, version)
    if (found === undefined) {
      return `plugin ${name} ${version} is not available for ${s.cgName} ${query.cgVersion} on ${query.os}`
    }
    chosen.push(found)
  }
  const seen = new Map<string, CataloguePlugin>()
  for (const plugin of chosen) {
    const other = seen.get(plugin.pluginName)
    if (other !== undefined && other.pluginId !== plugin.pluginId) {
      return `two versions of ${plugin.pluginName} (${other.pluginVersion}, ${plugin.pluginVersion})`
    }
    seen.set(plugin.pluginName, plugin)
  }
  return undefined
}

// ---------------------------------------------------------------------------------------------
// Render environments of an account (docs/protocol.md 4.5.3 - 4.5.5)
// ---------------------------------------------------------------------------------------------

/** One render environment as the simulator keeps it. @internal */
export interface SimRenderEnv {
  readonly editName: string
  readonly cgId: number
  /** The catalogue's spelling of the DCC name. */
  readonly cgName: string
  readonly cgVersion: string
  /** 0 = Linux, 1 = Windows. */
  readonly renderSystem: 0 | 1
  readonly renderLayerType: number | null
  /** Deduplicated, in request order. */
  readonly pluginIds: ReadonlyArray<number>
  readonly projectPath: string | null
  /** 1 = the default environment of its DCC (exactly one per DCC that has environments). */
  readonly isDefault: 0 | 1
}
