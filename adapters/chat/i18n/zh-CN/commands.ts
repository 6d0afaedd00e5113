import type { Catalog } from '../catalog.js';

/**
 * Part of the Simplified Chinese catalog (index.ts puts the parts together). The command table (usage
 * and summary, shown by help), help itself and the language commands.
 */

export const actions: Catalog['actions'] = {
  help: { usage: 'help [命令]', summary: '查看你可以使用的命令' },
  add: { usage: 'add <记录ID> <内容...>', summary: '为 CRM 记录添加备注；#话题 会成为标签' },
  list: { usage: 'list [筛选条件] [page:<页码>]', summary: '列出备注，最新的在前，每页 10 条' },
  show: { usage: 'show <备注ID>', summary: '查看一条备注的完整内容' },
  delete: { usage: 'delete <备注ID> [原因...]', summary: '删除备注（管理员需确认；成员发起审批申请）' },
  'bulk-delete': { usage: 'bulk-delete <筛选条件>', summary: '预览、确认并删除匹配筛选条件的全部备注' },
  'delete-selected': { usage: 'delete-selected <备注ID> <备注ID...>', summary: '删除列表中勾选的备注' },
  trash: { usage: 'trash [筛选条件] [page:<页码>]', summary: '查看回收站中仍可恢复的备注' },
  restore: { usage: 'restore <备注ID>', summary: '恢复一条已删除的备注' },
  undo: { usage: 'undo <计划ID>', summary: '撤销一次批量删除，恢复其删除的全部备注' },
  approvals: { usage: 'approvals', summary: '查看待审批的申请' },
  approve: { usage: 'approve <申请ID>', summary: '批准一条待审批的删除申请（不能是你自己的）' },
  reject: { usage: 'reject <申请ID> [原因...]', summary: '驳回一条待审批的删除申请' },
  roles: { usage: 'roles [list | grant <用户> <角色> | revoke <用户>]', summary: '查看和调整查看者、成员、管理员' },
  audit: {
    usage: 'audit [note:<ID> | actor:<用户> | since:<YYYY-MM-DD> | verify]',
    summary: '追溯谁做了什么，并校验审计日志是否完整',
  },
  backup: {
    usage: 'backup [now | list | verify <备份ID> | restore <备份ID> [note:<ID> | record:<ID> | plan:<ID>]]',
    summary: '创建、查看、校验备份，以及从备份恢复',
  },
  lang: { usage: 'lang [en | zh-CN]', summary: '查看或设置机器人对你使用的语言' },
  crm: { usage: 'crm [status | sync]', summary: '查看 CRM 连接器状态和待发送队列，或立即拉取变更' },
  jobs: { usage: 'jobs', summary: '正在运行和最近的长时间操作（批量删除、撤销、恢复、导入）及其进度' },
  'cancel-job': { usage: 'cancel <任务ID>', summary: '在两个批次之间停止正在运行的任务；可用 undo 撤销已完成的部分' },
  import: { usage: 'import <文件>', summary: '从 Zoho、HubSpot、Salesforce 的导出文件或 NDJSON 导入备注（仅控制台；重复导入只更新，不会重复）' },
  tokens: { usage: 'tokens [list | create <名称> | revoke <名称>]', summary: '数据接入 API 的访问令牌（新令牌只显示一次）' },
  confirm: { usage: 'confirm <令牌>', summary: '确认一项待确认的操作' },
  cancel: { usage: 'cancel <令牌>', summary: '取消一项待确认的操作' },
  'lang-channel': {
    usage: 'lang channel [en | zh-CN | default]',
    summary: '查看或设置机器人在本频道发布消息（审批卡片、摘要、进度）所用的语言',
  },
};

export const help: Catalog['help'] = {
  heading: '你可以使用的命令（{{role}}）：',
  title: '你可以使用的命令（{{role}}）',
  filters:
    '筛选条件：record:<记录ID> author:<@某人> tag:<标签> before:<YYYY-MM-DD> after:<YYYY-MM-DD> text:"短语"，直接输入的词会搜索备注内容。',
  language: '语言：{{language}}。输入 lang en 切换为 English，lang zh-CN 切换回简体中文。',
};

export const lang: Catalog['lang'] = {
  shown: '你的语言：{{language}}（{{source}}）。输入 lang en 或 lang zh-CN 可更改。',
  set: '好的，之后我会用简体中文回复你。',
  source: {
    own: '你自己的设置',
    platform: '来自你的客户端语言设置',
    default: '本机器人的默认语言',
  },
  channel: {
    shown: '机器人在本频道发布消息所用的语言：{{language}}（{{source}}）。',
    set: '好的，之后机器人在本频道将使用{{language}}发布消息。',
    cleared: '已取消本频道的语言设置：机器人在这里将使用频道默认语言{{language}}发布消息。',
    noneOwn: '默认',
    source: {
      channel: '本频道的设置',
      default: '频道消息的默认语言',
    },
  },
};
