/**
 * The path of every Renderbus endpoint, spelled once for all the tests (docs/protocol.md 4.0.1),
 * each named after its last segment as the protocol names it. Written from the protocol page, not
 * read from the SDK's `endpoints` tables: the tests check the SDK (and the simulator) against it.
 */
export const paths = {
  // 4.1 account
  queryUserProfile: "/api/render/setUp/queryUserProfile",
  queryUserSetting: "/api/render/setUp/queryUserSetting",
  updateUserSetting: "/api/render/setUp/updateUserSetting",
  hardwareConfigList: "/api/render/hardwareConfig/list",
  taskRecord: "/api/render/handle/operate/sdk/taskRecord",
  loginRecord: "/api/render/handle/operate/sdk/loginRecord",
  // 4.2 task lifecycle
  createTask: "/api/render/submit/createTask",
  taskJsonFile: "/api/render/submit/taskJsonFile",
  submitTask: "/api/render/submit/task",
  stopTask: "/api/rendering/task/renderingTask/stopTask",
  startTask: "/api/rendering/task/renderingTask/startTask",
  abandonTask: "/api/render/handle/abandonTask",
  deleteTask: "/api/render/handle/deleteTask",
  updateTaskUserLevel: "/api/rendering/task/renderingTask/updateTaskUserLevel",
  setTaskOverTimeStop: "/api/render/handle/setTaskOverTimeStop",
  fullSpeedRendering: "/api/render/handle/fullSpeedRendering",
  updateTaskLimit: "/api/render/handle/updateTaskLimit",
  // 4.3 task queries, frames and logs
  getTaskList: "/api/render/handle/getTaskList/v2",
  queryTaskInfo: "/api/render/handle/queryTaskInfo/v2",
  queryTaskFrames: "/api/render/handle/queryTaskFrames",
  queryAllFrameStats: "/api/render/handle/queryAllFrameStats",
  recommitTasks: "/api/render/handle/recommitTasks",
  recommitTaskFrames: "/api/render/handle/recommitTaskFrames",
  stopTaskFrames: "/api/render/handle/stopTaskFrames",
  loadTaskProcessImg: "/api/render/handle/loadTaskProcessImg",
  loadingFrameThumbnail: "/api/render/handle/loadingFrameThumbnail",
  showLog: "/api/render/handle/showLog",
  queryAnalyseErrorDetail: "/api/render/submit/queryAnalyseErrorDetail",
  // 4.4 project labels and task tags
  projectAdd: "/api/render/project/add",
  projectDelete: "/api/render/project/delete",
  projectGetList: "/api/render/project/getList",
  projectList: "/api/render/project/list",
  addTaskLabel: "/api/render/handle/addTaskLabel",
  deleteTaskLabel: "/api/render/handle/deleteTaskLabel",
  // 4.5 software, plugins and render environments
  querySoftwareList: "/api/render/plugin/querySoftwareList",
  querySoftwareDetail: "/api/render/plugin/querySoftwareDetail",
  addUserPluginConfig: "/api/render/plugin/addUserPluginConfig",
  editUserPluginConfig: "/api/render/plugin/editUserPluginConfig",
  deleteUserPluginConfig: "/api/render/plugin/deleteUserPluginConfig",
  setDefaultUserPluginConfig: "/api/render/plugin/setDefaultUserPluginConfig",
  getUserPluginConfig: "/api/render/plugin/getUserPluginConfig",
  // 4.6 transfer and storage
  getBid: "/api/render/transfer/getBid",
  getServerInfo: "/api/render/transfer/getServerInfo",
  getRaySyncUserKey: "/api/render/transfer/getRaySyncUserKey",
  getConfig: "/api/render/transfer/getConfig",
  getOutputUserDirFile: "/api/render/file/operate/getOutputUserDirFile",
  // 4.7 platforms
  queryPlatforms: "/api/render/common/queryPlatforms"
} as const

/**
 * The path of an endpoint.
 */
export type Path = (typeof paths)[keyof typeof paths]
