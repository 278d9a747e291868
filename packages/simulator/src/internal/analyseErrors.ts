/**
 * The analysis error catalogue of the simulated service (docs/protocol.md 4.3.11, 6.8): the
 * codes the scene analysis writes into `tips.json`, with their descriptions in Chinese and English.
 * `type` 1 is an error that blocks submission (`isOpen` 1), 0 a warning. It is a constant (the same
 * for every seed), so tests and the task-submission check can rely on it; `queryAnalyseErrorDetail`
 * answers rows built from it.
 *
 * @internal
 */

/** One text of a code, in one language. @internal */
export interface AnalyseErrorText {
  readonly description: string
  readonly solution: string
}

/** One analysis error code. @internal */
export interface AnalyseError {
  /** The code as the service spells it: a string of digits, e.g. `"15000"`. */
  readonly code: string
  /** 0 = warning (can be ignored), 1 = error (blocks submission). */
  readonly type: 0 | 1
  /** 1 = the platform can repair it automatically. */
  readonly isRepair: 0 | 1
  /** 1 = blocks submission (the errors). */
  readonly isOpen: 0 | 1
  /** URL of the fix guide. */
  readonly solutionPath: string
  readonly zh: AnalyseErrorText
  readonly en: AnalyseErrorText
}

const guide = (code: string) => `https://www.renderbus.com/support-new/analysis-error/${code}/`

const entry = (
  code: string,
  type: 0 | 1,
  isRepair: 0 | 1,
  zh: AnalyseErrorText,
  en: AnalyseErrorText
): AnalyseError => ({ code, type, isRepair, isOpen: type, solutionPath: guide(code), zh, en })

/** Every code the simulated service knows, warnings (`1xxxx`) first. @internal */
export const ANALYSE_ERRORS: ReadonlyArray<AnalyseError> = [
  entry(
    "10010",
    0,
    0,
    { description: "场景中存在未设置为可渲染的相机", solution: "确认需要渲染的相机已勾选可渲染" },
    {
      description: "The scene has cameras that are not set as renderable",
      solution: "Make sure the cameras to render are marked renderable"
    }
  ),
  entry(
    "10013",
    0,
    1,
    { description: "场景伽马设置与输出设置不一致", solution: "检查首选项中的伽马与 LUT 设置" },
    {
      description: "The scene gamma differs from the output gamma",
      solution: "Check the gamma and LUT settings in the preferences"
    }
  ),
  entry(
    "10015",
    0,
    0,
    { description: "渲染帧范围过大", solution: "确认帧范围与步长设置正确" },
    { description: "The frame range is very large", solution: "Check the frame range and step" }
  ),
  entry(
    "10025",
    0,
    1,
    { description: "代理文件缺失，已忽略", solution: "上传缺失的代理文件或在场景中移除引用" },
    {
      description: "A proxy file is missing and was ignored",
      solution: "Upload the missing proxy file or remove its reference from the scene"
    }
  ),
  entry(
    "15000",
    1,
    0,
    { description: "场景中存在缺失的贴图", solution: "找回缺失的贴图并重新上传，或在场景中替换贴图路径" },
    {
      description: "The scene references missing textures",
      solution: "Find the missing textures and upload them again, or fix the texture paths in the scene"
    }
  ),
  entry(
    "15002",
    1,
    0,
    { description: "场景文件路径包含不支持的字符", solution: "重命名文件或目录，只使用字母、数字和下划线" },
    {
      description: "The scene file path contains unsupported characters",
      solution: "Rename the files or folders using letters, digits and underscores only"
    }
  ),
  entry(
    "15010",
    1,
    0,
    { description: "找不到渲染相机", solution: "在场景中设置至少一个渲染相机" },
    { description: "No render camera was found", solution: "Set at least one render camera in the scene" }
  ),
  entry(
    "15013",
    1,
    1,
    { description: "未设置渲染输出路径", solution: "在渲染设置中指定输出文件名与格式" },
    {
      description: "The render output path is not set",
      solution: "Set the output file name and format in the render settings"
    }
  ),
  entry(
    "15020",
    1,
    0,
    { description: "平台不支持场景使用的渲染器", solution: "更换为平台支持的渲染器版本" },
    {
      description: "The renderer used by the scene is not supported",
      solution: "Switch to a renderer version the platform supports"
    }
  ),
  entry(
    "15022",
    1,
    0,
    { description: "插件版本不受支持", solution: "在渲染环境中选择受支持的插件版本" },
    {
      description: "A plugin version is not supported",
      solution: "Choose a supported plugin version in the render environment"
    }
  )
]

/** The catalogue entry of a code, if the service knows it. @internal */
export const analyseError = (code: string): AnalyseError | undefined => ANALYSE_ERRORS.find((e) => e.code === code)
