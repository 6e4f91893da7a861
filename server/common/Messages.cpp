#include "common/Messages.h"

#include <algorithm>
#include <cctype>
#include <regex>
#include <vector>

#include <spdlog/spdlog.h>

#include "common/Json.h"

namespace sr::messages {
namespace {

// One sentence the server says, with its Chinese and, for a field's reason, its stable code.
struct Phrase {
  std::string_view en;
  std::string_view zh;
  std::string_view code = "invalid";
};

// Sentences with a varying part: $1.. in `zh` take the captures (each said in Chinese through
// kWords where it is a word the server uses: a status, a role, an education level). `params`
// names the captures that become the field error's parameters, in order ("" skips one).
struct Pattern {
  const char* re;
  std::string_view zh;
  std::string_view code;
  std::vector<std::string_view> params;
};

// Field reasons (the contract's codes first) and problem details, exactly as the code says them.
constexpr Phrase kPhrases[] = {
    // The request's shape (common/Json.cpp, common/Http.cpp).
    {"is required", "必填", "required"},
    {"must be a string", "应为文字", "not_string"},
    {"must not be empty", "不能为空", "required"},
    {"must be an integer", "应为整数", "not_integer"},
    {"is out of range", "超出范围", "out_of_range"},
    {"must be true or false", "应为“是”或“否”", "not_boolean"},
    {"must be a date YYYY-MM-DD", "应为日期，如 2026-01-31", "invalid_date"},
    {"is not a valid date (YYYY-MM-DD)", "应为日期，如 2026-01-31", "invalid_date"},
    {"must be YYYY-MM", "应为月份，如 2026-01", "invalid_month"},
    {"must be a month YYYY-MM", "应为月份，如 2026-01", "invalid_month"},
    {"is required (YYYY-MM)", "必填，格式如 2026-01", "required"},
    {"is not a known field", "不是可识别的字段", "unknown_field"},
    {"must be an object", "格式有误（应为对象）", "not_object"},
    {"must be an array", "格式有误（应为列表）", "not_array"},
    {"must be an id", "应为编号", "not_integer"},
    {"is given more than once", "重复出现", "duplicate"},
    {"is used twice", "重复使用", "duplicate"},
    {"must be one line", "须为一行", "invalid_text"},
    {"must not contain control characters", "不能包含控制字符", "invalid_text"},
    {"must not contain bidirectional formatting characters", "不能包含文字方向控制字符", "invalid_text"},
    {"must not contain invisible characters", "不能包含不可见字符", "invalid_text"},
    {"must be between 1950-01-01 and 2100-12-31", "应在 1950-01-01 至 2100-12-31 之间", "out_of_range"},
    {"is not a cursor from a previous page", "不是上一页给出的翻页位置", "invalid"},
    {"must not be negative", "不能为负数", "out_of_range"},
    {"must be a positive amount of fen", "应为大于 0 的金额", "out_of_range"},
    {"must be an integer number of fen", "应为金额（以分计的整数）", "not_integer"},
    {"must be a number with at most two decimals", "最多两位小数", "invalid"},
    {"The request body is not valid JSON.", "请求格式有误（不是有效的 JSON）。"},
    {"The request body must be a JSON object.", "请求格式有误（应为 JSON 对象）。"},
    {"The request body gives a key twice in one object.", "请求中同一字段出现了两次。"},
    {"The request has invalid fields.", "请按提示更正标出的内容。"},
    {"The request's URL is malformed (a % must be followed by two hex digits).", "请求地址格式有误。"},
    {"Invalid cursor.", "翻页位置无效，请从第一页重新查看。"},
    {"Invalid limit.", "每页条数无效。"},
    {"Invalid query parameter.", "查询条件有误。"},
    {"Invalid period.", "期间有误。"},
    {"Invalid date.", "日期有误。"},
    {"Invalid range.", "日期范围有误。"},
    {"No such resource.", "未找到，或不在您的权限范围内。"},
    {"No such path; see /api/v1/openapi.json.", "没有这个接口。"},
    {"Sign in first.", "请先登录。"},
    {"Send Authorization: Bearer <token>.", "请先登录。"},
    {"The database is busy; try again.", "数据库繁忙，请稍后再试。"},
    {"The database connection was lost; try again.", "与数据库的连接中断，请稍后再试。"},
    {"The database connection was lost; check and try again.", "与数据库的连接中断，请检查后再试。"},
    {"The database does not answer.", "数据库没有响应。"},
    {"The record conflicts with an existing one.", "与已有记录冲突。"},
    {"The search is too long.", "搜索内容过长。"},
    {"Too many sign-ins at once; try again in a moment.", "同时登录的人太多，请稍后再试。"},
    {"Your password was set by someone else: set your own first (PUT /api/v1/me/password).",
     "您的密码由他人设置，请先设置您自己的密码。"},

    // Accounts and sign-in (modules/identity).
    {"Wrong username or password.", "用户名或密码错误。"},
    {"The token is not valid.", "登录已失效，请重新登录。"},
    {"The session has ended; sign in again.", "登录已结束，请重新登录。"},
    {"is not your current password", "不是您的当前密码", "wrong_password"},
    {"must differ from the current password", "须与当前密码不同", "invalid"},
    {"is one of the most common passwords; choose another", "是最常见的密码之一，请另选一个", "weak_password"},
    {"is a common password with digits or symbols added; choose another", "是常见密码加上数字或符号，请另选一个",
     "weak_password"},
    {"must be at least 12 characters", "至少 12 个字符", "too_short"},
    {"must be at most 256 bytes", "不能超过 256 字节", "too_long"},
    {"must not contain the username", "不能包含用户名", "weak_password"},
    {"must not be one short pattern repeated", "不能是简短内容的重复", "weak_password"},
    {"must not be a run of digits", "不能是连续数字", "weak_password"},
    {"must be 3 to 64 characters", "应为 3 至 64 个字符", "out_of_range"},
    {"may hold only letters, digits, '.', '_' and '-'", "只能包含字母、数字和 . _ -", "invalid_text"},
    {"is already taken", "已被使用", "taken"},
    {"is already used", "已被使用", "taken"},
    {"The username is taken.", "该用户名已被使用。"},
    {"Change your own password with your current one.", "修改自己的密码请使用“设置密码”，并输入当前密码。"},
    {"You cannot disable your own account.", "不能停用自己的账户。"},
    {"The password was changed meanwhile (another reset?); reset again if needed.",
     "密码刚被更改（可能有人同时重置了），如仍需要请再重置一次。"},
    {"The user is already confirmed.", "该用户已经确认。"},
    {"Only agency admins are confirmed by the bureau.", "只有机构管理员需要民政局确认。"},
    {"no such person employed by you", "不是本机构在职的社工", "not_found"},
    {"is required for an admin", "管理员须填写", "required"},
    {"its state was set by a higher role; only that level may change it", "其状态由更上级角色设定，只能由该级别更改"},

    // Places, agencies, stations (modules/org, modules/setup).
    {"no such jurisdiction", "辖区不存在或不在您的范围内", "not_found"},
    {"no such agency", "机构不存在或不在您的范围内", "not_found"},
    {"no such station", "站点不存在或不在您的范围内", "not_found"},
    {"no such station of this agency", "不是本机构的站点", "not_found"},
    {"is not a station of this agency", "不是本机构的站点", "not_found"},
    {"A jurisdiction with this code exists.", "该区划代码已存在。"},
    {"An agency with this credit code exists.", "该统一社会信用代码的机构已登记。"},
    {"is already registered", "已登记", "taken"},
    {"must be 6 digits", "应为 6 位数字", "invalid"},
    {"must be 9 digits for a town or street", "乡镇（街道）代码应为 9 位数字", "invalid"},
    {"must be a level above the new jurisdiction", "上级辖区的级别应高于新辖区", "invalid"},
    {"is required below province level", "省级以下须填写", "required"},
    {"check character does not match", "校验码不符", "invalid_check_character"},
    {"characters 3 to 8 must be the region code", "第 3 至 8 位应为行政区划代码", "invalid"},
    {"may hold only digits and capital letters other than I, O, S, V, Z",
     "只能包含数字和除 I、O、S、V、Z 以外的大写字母", "invalid_text"},
    {"must be 18 characters", "应为 18 位", "invalid_length"},
    {"must be a town or street (or a county for its total station)", "应为乡镇（街道）（县级总站可为县）", "invalid"},
    {"This database is already set up.", "系统已完成首次设置。"},
    {"Unknown division code.", "没有这个行政区划代码。"},
    {"names a province or city; give the county's code", "这是省或地级市的代码，请输入县级代码", "invalid"},
    {"is not a division code of county level or above (National Bureau of Statistics, 2023)",
     "不是县级及以上行政区划代码（按国家统计局 2023 年统计用区划代码）", "not_found"},
    {"is not a shipped policy preset", "不是系统提供的政策预设", "not_one_of"},

    // People (modules/people).
    {"the first 17 characters must be digits", "前 17 位应为数字", "invalid_id_number"},
    {"must end in a digit or X", "最后一位应为数字或 X", "invalid_id_number"},
    {"does not start with a province code", "开头不是有效的省份代码", "invalid_id_number"},
    {"does not contain a real birth date", "出生日期无效", "invalid_id_number"},
    {"contains a birth date in the future", "出生日期在未来", "invalid_id_number"},
    {"has a wrong check character", "校验码错误", "invalid_check_character"},
    {"must be 8 to 30 digits", "应为 8 至 30 位数字", "invalid"},
    {"fails the check digit of a UnionPay card number (a digit is mistyped)", "卡号校验位不符（可能输错了一位）",
     "invalid_check_character"},
    {"must be a mobile number (11 digits) or a landline such as 0573-87012345",
     "应为 11 位手机号码或固定电话（如 0573-87012345）", "invalid"},
    {"does not match the registered name for this ID number", "与该身份证号登记的姓名不符", "mismatch"},
    {"The name does not match the registry record for this ID number.", "姓名与该身份证号的登记记录不符。"},

    // Hiring and employment (modules/workforce).
    {"is before the employment started", "早于入职日期", "before_start"},
    {"is before the start date", "早于开始日期", "before_start"},
    {"is outside the employment", "不在聘用期内", "out_of_range"},
    {"is after today", "晚于今天", "in_future"},
    {"is in the future", "是将来的日期", "in_future"},
    {"must be null for an open-ended contract", "无固定期限合同不填终止日期", "invalid"},
    {"must be null for an open-ended contract, unless worker_requested_fixed_term is true",
     "无固定期限合同不填终止日期；如劳动者本人要求固定期限，请勾选“劳动者要求固定期限”", "invalid"},
    {"is required (null for an open-ended contract)", "必填（无固定期限合同除外）", "required"},
    {"contradicts open_ended", "与“无固定期限”矛盾", "invalid"},
    {"must be 0: this worker already served a probation with this employer", "应为 0：此人已在本单位试用过",
     "out_of_range"},
    {"must be between 80 and 100 (Labor Contract Law Art. 20)", "应在 80 至 100 之间（《劳动合同法》第二十条）",
     "out_of_range"},
    {"no salary scale applies at this station on the start date; a bureau must set one first",
     "该站点在入职日没有适用的薪酬等级表，须由民政局先设置", "invalid"},
    {"probation_failed applies only within the probation period", "“试用期不符合录用条件”只适用于试用期内", "invalid"},
    {"name at least one of station_id, post, grade to change", "请至少填写站点、岗位、等级中的一项", "required"},
    {"already has a change", "该日已有变动", "taken"},
    {"A second probation with the same employer is not allowed.", "同一用人单位与同一劳动者只能约定一次试用期。"},
    {"This employment has ended.", "该聘用已终止。"},
    {"This employment has already ended.", "该聘用已终止。"},
    {"This employment has ended meanwhile.", "该聘用已终止，请刷新。"},
    {"A change is already recorded for this date.", "该日已记录了一项变动。"},
    {"The contract was changed meanwhile; reload it.", "合同已被他人更改，请刷新。"},
    {"The employment changed meanwhile; reload it.", "该聘用已被他人更改，请刷新。"},
    {"Nothing would change.", "没有需要更改的内容。"},
    {"This would be the third consecutive fixed-term contract: the worker is owed an open-ended one (Labor Contract "
     "Law Art. 14(3)).",
     "这将是连续第三次订立固定期限合同：依《劳动合同法》第十四条，应订立无固定期限劳动合同，除非劳动者本人要求订立固定期限合同。"},
    {"An ended employment's bank account no longer changes.", "已终止的聘用不能再更改工资账户。"},
    {"The grade differs from the suggested placement.", "等级与建议定级不同。"},
    {"The new term ends before it starts.", "新合同的终止日期早于开始日期。"},
    {"Changes are recorded in date order.", "变动须按日期顺序记录。"},
    {"This person is on the sector blacklist on the start date.", "此人在入职日处于行业失信名单上，不能聘用。"},
    {"This person already has an employment that is not over on the start date.", "此人在入职日仍在其他聘用期内。"},
    {"This contract is open-ended; there is nothing to renew.", "这是无固定期限合同，无需续签。"},
    {"The person does not meet this place's rules for the post.", "不符合当地对该岗位的聘用条件。"},
    {"A person in the file was hired elsewhere meanwhile; nothing was imported.",
     "文件中有人刚被其他机构聘用，本次未导入任何人员。"},
    {"The file cannot be read as CSV.", "无法按 CSV 读取该文件。"},
    {"The file is empty.", "文件是空的。"},
    {"The header row does not match the staff import columns.", "表头与人员导入模板的列不一致。"},

    // Certificates (modules/certification).
    {"is before the exam was passed", "早于考试通过日期", "before_start"},
    {"is more than 3 years ahead; a registration runs 3 years", "超过 3 年：登记有效期为 3 年", "out_of_range"},
    {"is already recorded", "已登记", "taken"},
    {"A certificate with this number is already recorded.", "该编号的证书已登记。"},
    {"The registration was renewed meanwhile.", "该证书已被他人再登记，请刷新。"},
    {"The registration cannot be renewed yet.", "尚未到再登记的时间。"},

    // Resignations and sanctions (modules/leaving).
    {"is before the notice date", "早于提出日期", "before_start"},
    {"A resignation is already pending.", "已有待处理的辞职申请。"},
    {"This resignation was completed or withdrawn meanwhile.", "该辞职申请已被办结或撤回，请刷新。"},
    {"Only a pending resignation takes a replacement.", "只有待处理的辞职申请才能指定接替人员。"},
    {"Not a replacement for this post.", "不能作为该岗位的接替人员。"},
    {"is required for a fund recovery", "追回资金时必填", "required"},
    {"does not apply to a yellow card", "黄牌警告不适用", "invalid"},

    // Blacklist and misconduct (modules/blacklist, modules/discipline).
    {"This person is already listed in this jurisdiction from that day.", "此人已于该日在本辖区列入失信名单。"},
    {"An entry cannot be lifted before it was listed.", "移出日期不能早于列入日期。"},
    {"a bureau lists in its own jurisdiction; leave it out", "民政局只能在本辖区列入，请不要填写", "invalid"},
    {"This entry was already lifted.", "该记录已被移出。"},
    {"No appeal was filed.", "没有提出申诉。"},
    {"This case was already decided.", "该案件已有决定。"},
    {"A listing cannot start before the misconduct.", "列入日期不能早于违规行为发生日期。"},
    {"The misconduct cannot be in the future.", "违规行为的日期不能在将来。"},
    {"The appeal was already decided.", "申诉已有决定。"},
    {"An appeal was already filed.", "已经提出过申诉。"},
    {"The misconduct cannot predate the employment.", "违规行为不能早于入职日期。"},

    // Filings (modules/filing).
    {"must hold 1 to 500 filing ids", "一次须选择 1 至 500 条备案", "out_of_range"},
    {"must be a filing id", "不是备案编号", "not_integer"},
    {"must be a list of filing ids", "须为备案编号的列表", "not_array"},
    {"This filing was already decided.", "该备案已处理。"},

    // Salary scales, assessments, payroll (modules/pay, modules/payroll).
    {"must be an array of {\"code\",\"name\"}", "格式有误（应为岗位代码和名称的列表）", "not_array"},
    {"must be an array of rows, one per post", "格式有误（应为每个岗位一行）", "not_array"},
    {"must be between 1 and 30", "应在 1 至 30 之间", "out_of_range"},
    {"is less than the grade below it", "低于前一级", "out_of_range"},
    {"No salary scale is in force here on that day.", "该日此地没有生效的薪酬等级表。"},
    {"A version of this jurisdiction's scale already starts on that date.", "本辖区已有从该日起生效的薪酬等级表版本。"},
    {"The employment did not run in that year.", "该聘用在该年度不在期内。"},
    {"A year is assessed once it has begun.", "年度开始后才能考核。"},
    {"This employment already has a rating for that year.", "该聘用该年度已有考核结果。"},
    {"is already assessed", "已考核", "taken"},
    {"must hold 1 to 500 ratings", "一次须评定 1 至 500 人", "out_of_range"},
    {"The declaration has items the law does not allow.", "申报中有不符合规定的扣除项目。"},
    {"is not a deduction category", "不是专项附加扣除项目", "not_one_of"},
    {"is 1000.00 a month, or 500.00 each for a home bought before marriage",
     "为每月 1000.00 元，婚前购房的可各扣 500.00 元", "not_one_of"},
    {"is 400.00 a month", "为每月 400.00 元", "not_one_of"},
    {"is at most 3000.00 a month in all (a share of at most 1500.00 when not an only child)",
     "合计每月不超过 3000.00 元（非独生子女每人分摊不超过 1500.00 元）", "out_of_range"},
    {"is 1500.00, 1100.00 or 800.00 a month by the city", "按城市为每月 1500.00、1100.00 或 800.00 元", "not_one_of"},
    {"is 2000.00 a month per child, or 1000.00 when the parents split it",
     "每个子女每月 2000.00 元，父母分别扣除的各 1000.00 元", "not_one_of"},
    {"is 2000.00 a month per child under three, or 1000.00 when split",
     "每个三岁以下婴幼儿每月 2000.00 元，分别扣除的各 1000.00 元", "not_one_of"},
    {"is 3600.00 once, in the month the certificate is obtained", "在取得证书的当月一次扣除 3600.00 元",
     "not_one_of"},
    {"is at most 100000.00 a month", "每月不超过 100000.00 元", "out_of_range"},
    {"The employment had not started on that day.", "该日尚未入职。"},
    {"An approved run is locked; corrections go into an adjustment run.", "已审批的工资计算单已锁定，更正请做补发/扣回批次。"},
    {"This period is approved and locked; corrections go into an adjustment run.",
     "该月份已审批锁定，更正请做补发/扣回批次。"},
    {"A payroll run for this agency and period exists; recompute it instead.", "本机构该月已有工资计算单，请重新计算该单。"},
    {"Your account was created by another agency admin: the bureau confirms it before you may approve runs.",
     "您的账户由其他机构管理员创建，须经民政局确认后才能审批工资。"},
    {"Your account was created by another agency admin: the bureau confirms it before you may download bank files.",
     "您的账户由其他机构管理员创建，须经民政局确认后才能下载银行文件。"},
    {"Only an approved run can be marked paid.", "只有已审批的工资计算单才能标记为已发放。"},
    {"A run is approved by an agency admin other than the one who created it.", "工资计算单须由创建人以外的机构管理员审批。"},
    {"must be approved or paid; recompute a draft instead", "应为已审批或已发放的批次；草稿请重新计算", "invalid"},
    {"The run changed meanwhile; reload it.", "工资计算单已被他人更改，请刷新。"},
    {"must be a run of this agency and period", "应为本机构该月的工资计算单", "not_found"},
    {"must be one of GET /api/v1/bank-templates", "不是可选的银行文件模板", "not_one_of"},
    {"no such bank template", "没有这个银行文件模板", "not_one_of"},
    {"no assessment for the year", "该年度没有考核结果"},
    {"no salary scale in force", "没有生效的薪酬等级表"},
    {"hire", "入职"},
    {"the policy's percent raise is 0", "当地政策的工资增幅为 0"},

    // Policy (modules/policy).
    {"The policy would contradict itself.", "政策设置前后矛盾。"},
    {"The policy document has invalid keys.", "政策中有无效的项目。"},
    {"is not a known policy key", "不是可识别的政策项目", "unknown_field"},
    {"must be between 0 and 100", "应在 0 至 100 之间", "out_of_range"},
    {"must be between 1 and 1000", "应在 1 至 1000 之间", "out_of_range"},
    {"must be between 0 and den", "应在 0 与分母之间", "out_of_range"},
    {"must be on or after from", "不得早于起始日期", "before_start"},
    {"must be a fraction {\"num\": n, \"den\": d} of integers", "应为分数（分子、分母均为整数）", "invalid"},
    {"must be an object of {\"dotted.key\": \"document, section\"}", "格式有误（应为各项目的依据文件）", "not_object"},
    {"must be the text of a source, at most 600 bytes", "应为依据文件的名称和条款，不超过 600 字节", "too_long"},
    {"must not be below min_staff (0 means no limit)", "不能低于最少人数（0 表示不限）", "out_of_range"},
    {"must not be below notice.policy_months", "不能低于当地规定的通知期", "out_of_range"},
    {"must not exceed base_ceiling_fen", "不能高于基数上限", "out_of_range"},

    {"shares must add up to 100", "各来源比例之和应为 100", "invalid"},
    {"already has a payroll run", "已有工资计算单", "taken"},
    {"a certificate is deducted once: from and to are the month it was obtained",
     "职业资格证书只扣除一次：起止月份均为取得证书的月份", "invalid"},
    {"continuing_education_certificate is deducted once a year", "职业资格继续教育每年只扣除一次", "invalid"},
    {"already has a version", "已有该日生效的版本", "taken"},
    {"needs at least one post", "至少要有一个岗位", "required"},
    {"needs one row per post", "每个岗位应有一行", "invalid"},
    {"station, post and grade are already so", "站点、岗位和等级已是如此", "invalid"},
    {"a social-work degree or a social-worker certificate valid on the start date is required here",
     "当地要求社会工作专业学历或入职日有效的社会工作者职业资格证书", "ineligible"},
    {"needs a header row and staff rows", "应有表头和人员行", "required"},
    {"at most 50 characters", "不超过 50 个字符", "too_long"},

    // Purchase contracts (modules/procurement).
    {"A station is already under contract for part of this term.", "有站点在此期间已有购买服务合同。"},
    {"A contract ends by its end date.", "合同最迟于到期日终止。"},
    {"The contract was changed meanwhile; reload it.", "合同刚被他人更改，请刷新后再试。"},
    {"is outside the contract's jurisdiction", "不在合同所属辖区内", "not_found"},
    {"is run by another agency; hand it over to this one first", "由其他机构运营，须先移交给本机构", "invalid"},
    {"needs at least one source", "至少要有一个资金来源", "required"},
    {"names a source twice", "同一资金来源出现了两次", "duplicate"},

    {"This voucher is already recorded on the contract.", "该拨付凭证已记录在本合同上。"},
    {"This decision is already recorded on the contract.", "该追回决定已记录在本合同上。"},
    {"is already recorded", "已记录", "taken"},
    {"is not a source of this contract", "不是本合同的资金来源", "not_one_of"},
    {"is not a contract of this agency", "不是该机构的购买服务合同", "invalid"},
    {"is replaced by contract_id, the purchase contract's number", "已停用，请从列表中选择购买服务合同", "invalid"},
    {"the contract has no schedule", "本合同没有约定拨付计划", "invalid"},
    {"is not a due date of the contract's schedule", "不是合同拨付计划中的应拨日期", "invalid"},

    {"The contract was already renewed.", "该合同已续签过。"},
    {"This place already has a scheme from that day.", "该地当日起已有一版评估方案。"},
    {"The year is outside the contract's term.", "该年度不在合同期限内。"},
    {"No evaluation scheme is in force here for that year; the bureau sets one first.",
     "该年度当地没有有效的评估方案，须由民政局先行设置。"},
    {"This year's evaluation is already recorded.", "该年度的评估已经记录。"},
    {"No proposal to terminate awaits a decision for that year.", "该年度没有待决定的终止合同建议。"},
    {"A contract is renewed on a passing evaluation; this one has none.", "合同须经评估合格方可续签；该合同尚无评估。"},
    {"The new term ends before it begins.", "新合同期限的结束日早于开始日。"},
    {"No station of this contract is left to renew.", "该合同已没有可续签的站点。"},
    {"is already evaluated", "已有评估", "taken"},
    {"needs at least one indicator", "至少要有一项指标", "required"},
    {"weights must add up to 100", "各指标权重之和应为 100", "invalid"},
    {"must not be below the pass mark", "不得低于合格分数线", "out_of_range"},
    {"must be below the tier before it (highest first)", "应低于上一档（由高到低排列）", "invalid"},
    {"is not an indicator of the scheme", "不是评估方案中的指标", "not_one_of"},

    {"The station was handed over meanwhile; reload it.", "站点刚被移交，请刷新后再试。"},
    {"applies to a transfer only", "仅适用于转移的人员", "invalid"},
    {"already runs the station", "已在运营该站点", "invalid"},
    {"a worker on notice is not transferred; end the employment instead", "已提出辞职的人员不转移，请改为终止聘用", "invalid"},
    {"the station passed to another agency", "站点移交给其他机构"},

    // Audit (modules/audit).
    {"More than 200,000 records: narrow the range.", "符合条件的记录超过 200000 条，请缩短时间范围。"},
    {"more than 200000 records match; choose a shorter range", "符合条件的记录超过 200000 条，请缩短时间范围"},
    {"Another check of the audit chain is starting; try again.", "另一次审计链核验正在启动，请稍后再试。"},
    {"No such check of the audit chain.", "没有这次审计链核验。"},
    {"prev_hash does not match the hash of the record before it", "前一条记录的哈希值与本条记录中保存的不一致"},
    {"content does not match its keyed hash", "记录内容与其带密钥的哈希值不符（记录已被改动）"},
    {"content does not match its hash", "记录内容与其哈希值不符（记录已被改动）"},
    {"no record is sealed with the chain key: the chain was recomputed without it, or no server of this version "
     "has started on this database yet",
     "没有任何记录带有审计链密钥：审计链可能被人重新计算，或本版本的服务器尚未在此数据库上启动过"},
    {"the log ends before its recorded head: records were removed from the end", "日志比记录的链头短：末尾的记录被删除了"},
    {"That year has not begun.", "该年度尚未开始。"},
};

// The words the varying parts carry: statuses, roles, education levels, record names.
constexpr std::pair<std::string_view, std::string_view> kWords[] = {
    {"draft", "草稿"}, {"computing", "计算中"}, {"approved", "已审批"}, {"paid", "已发放"}, {"failed", "失败"},
    {"pending", "待处理"}, {"notice", "已提出"}, {"completed", "已办结"}, {"withdrawn", "已撤回"},
    {"replacement_found", "已有接替"}, {"open", "处理中"}, {"listed", "已列入失信名单"}, {"dismissed", "已撤销"},
    {"upheld", "申诉成立"}, {"rejected", "申诉驳回"}, {"accepted", "已接收"},
    {"admin", "系统管理员"}, {"bureau", "民政局"}, {"agency_admin", "机构管理员"}, {"payroll_officer", "薪酬专员"},
    {"worker", "社工"}, {"unrated", "未评级"},
    {"excellent", "优秀"}, {"competent", "称职"}, {"basic", "基本称职"}, {"incompetent", "不称职"},
    {"children_education", "子女教育"}, {"infant_care", "3 岁以下婴幼儿照护"}, {"elderly_support", "赡养老人"},
    {"housing_loan", "住房贷款利息"}, {"housing_rent", "住房租金"}, {"continuing_education_degree", "继续教育（学历）"},
    {"continuing_education_certificate", "继续教育（职业资格）"},
    {"secondary", "高中/中专"}, {"college", "大专"}, {"bachelor", "本科"}, {"master", "硕士"}, {"doctorate", "博士"},
    {"disable", "停用"}, {"enable", "启用"}, {"this account", "此账户"},
    {"Person", "人员"}, {"Certificate", "证书"}, {"Case", "案件"}, {"Filing", "备案"}, {"User", "用户"},
    {"Resignation", "辞职申请"}, {"Jurisdiction", "辖区"}, {"Agency", "机构"}, {"Station", "站点"}, {"Flag", "预警"},
    {"Salary scale", "薪酬等级表"}, {"Salary scale preset", "薪酬等级表模板"}, {"Preset", "政策预设"},
    {"Payslip", "工资条"}, {"Purchase contract", "购买服务合同"}, {"Evaluation scheme", "评估方案"}, {"signed", "已签订"}, {"active", "履行中"},
    {"ended", "已到期"}, {"terminated", "已终止"}, {"transferred", "随站点移交转移"}, {"Payroll run", "工资计算单"}, {"Employment", "聘用记录"}, {"Blacklist entry", "失信记录"},
    {"File", "文件"},
};

// Longer and more particular patterns first: the first that matches the whole sentence wins.
const std::vector<Pattern>& patterns() {
  static const std::vector<Pattern> all = {
      {R"(must be at most (\d+) bytes)", "不能超过 $1 字节", "too_long", {"max"}},
      {R"(must be between (-?\d+) and (-?\d+))", "应在 $1 至 $2 之间", "out_of_range", {"min", "max"}},
      {R"(must be a whole number from (-?\d+) to (-?\d+))", "应为 $1 至 $2 之间的整数", "out_of_range", {"min", "max"}},
      {R"(must be one of: (.+))", "应为以下之一：$1", "not_one_of", {"values"}},
      {R"(must be from 1 to (\d+) on the scale in force)", "应为 1 至 $1（按现行薪酬等级表）", "out_of_range", {"max"}},
      {R"(must be from 2000-01 to (\d{4}-\d{2}))", "应在 2000-01 至 $1 之间", "out_of_range", {"max"}},
      {R"(must be a month of (\d{4}))", "应为 $1 年的月份", "out_of_range", {"year"}},
      {R"(must be from the item's from to (\d{4}-\d{2}))", "应在起始月份至 $1 之间", "out_of_range", {"max"}},
      {R"(must not be after (\d{4}))", "不能晚于 $1 年", "out_of_range", {"max"}},
      {R"(is not a post of the scale in force \((.*)\))", "不是现行薪酬等级表中的岗位（$1）", "not_one_of", {"values"}},
      {R"(must be on or after (\d{4}-\d{2}-\d{2}): the place's labour contracts run (\d+) years.*)",
       "不得早于 $1：当地劳动合同期限为 $2 年", "before_start", {"min", "years"}},
      {R"(must be on or after (\d{4}-\d{2}-\d{2}).*)", "不得早于 $1", "before_start", {"min"}},
      {R"(is before the employment started on (\d{4}-\d{2}-\d{2}))", "早于入职日期 $1", "before_start", {"min"}},
      {R"(is before the listing date (\d{4}-\d{2}-\d{2}))", "早于列入日期 $1", "before_start", {"min"}},
      {R"(is before (\d{4}-\d{2}-\d{2}))", "早于 $1", "before_start", {"min"}},
      {R"(must be after the latest recorded change on (\d{4}-\d{2}-\d{2}))", "应晚于最近一次变动的日期 $1",
       "before_start", {"min"}},
      {R"(must be a current hire at the same station starting by (\d{4}-\d{2}-\d{2}))",
       "应为同一站点在职、且不晚于 $1 入职的人员", "invalid", {"max"}},
      {R"(must be the contract's end date (\d{4}-\d{2}-\d{2}) for an expired contract)",
       "合同已到期，应为合同终止日 $1", "invalid", {"expected"}},
      {R"(is already listed from (\d{4}-\d{2}-\d{2}))", "已于 $1 列入失信名单", "blacklisted", {"since"}},
      {R"(is below the required (\w+))", "低于要求的$1学历", "ineligible", {"min"}},
      {R"(is more than the legal limit of (\d+) month.*)", "超过法定上限 $1 个月（《劳动合同法》第十九条）",
       "out_of_range", {"max"}},
      {R"(is required for role (\w+))", "$1须填写", "required", {"role"}},
      {R"(does not apply to role (\w+))", "$1不填此项", "invalid", {"role"}},
      {R"(differs from the suggested grade (\d+).*)", "与建议定级 $1 级不同（依据学历和证书）；如确需不同，请填写定级说明",
       "not_suggested", {"suggested"}},
      {R"(is not set for (.+) \((\d+)\) or any place above it)", "$1（$2）及其上级均未设置此项", "policy_missing",
       {"place", "code"}},
      {R"(unknown column '(.*)')", "无法识别的列“$1”", "unknown_field", {"column"}},
      {R"(cannot represent (.*))", "无法用该编码表示“$1”", "invalid", {"text"}},
      {R"(elderly_support is at most 3000\.00 a month in all \((\d{4}-\d{2})\))",
       "赡养老人合计每月不超过 3000.00 元（$1）", "out_of_range", {"period"}},
      {R"(an agency from outside (.+) must be rated (\S+) or above; this one is (\S+).*)",
       "$1以外的机构须评为 $2 级或以上；该机构为 $3", "ineligible", {"place", "min", "rating"}},
      {R"(only a role above (\w+) changes this account's state)", "只有高于$1的角色才能更改该账户", "", {}},
      {R"(is under contract (\d+) from (\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2}))", "已在合同 $1 之下（$2 至 $3）",
       "taken", {"contract_id", "from", "to"}},
      {R"(must be on or before the end date (\d{4}-\d{2}-\d{2}))", "不得晚于到期日 $1", "out_of_range", {"max"}},
      // Problem details.
      {R"((.+) not found\.)", "未找到该$1，或不在您的权限范围内。", "not_found", {}},
      {R"(Password (.+))", "密码$1。", "", {}},
      {R"(Too many failed sign-ins; wait (\d+) s and try again\.)", "登录失败次数过多，请等待 $1 秒后再试。", "", {}},
      {R"(Too many requests of this kind; wait (\d+) s and try again\.)", "此类查询过于频繁，请等待 $1 秒后再试。", "", {}},
      {R"(You may not (disable|enable) this account: (.+)\.)", "无权$1此账户：$2。", "", {}},
      {R"(You may not reset this account's password: (.+)\.)", "无权重置此账户的密码：$1。", "", {}},
      {R"((\w+) users may not create (\w+) users\.)", "$1不能创建$2账户。", "", {}},
      {R"(Your role \((\w+)\).*)", "您的角色（$1）无权进行此操作。", "", {}},
      {R"(Something went wrong; the request id is (\S+)\.)", "出现了意外错误，请求编号 $1。", "", {}},
      {R"(This resignation is (\w+)\.)", "该辞职申请$1。", "", {}},
      {R"(The law requires notice until (\d{4}-\d{2}-\d{2}).*)", "通知期短于法定要求：依法最后工作日不得早于 $1。", "", {}},
      {R"(This case was already decided \((\w+)\)\.)", "该案件已有决定（$1）。", "", {}},
      {R"(An appeal was already filed \((\w+)\)\.)", "已经提出过申诉（$1）。", "", {}},
      {R"(The appeal was already decided \((\w+)\)\.)", "申诉已有决定（$1）。", "", {}},
      {R"(Only a listing can be appealed; this case is (\w+)\.)", "只有列入失信名单的决定才能申诉；该案件为$1。", "", {}},
      {R"(The bank file is made from an approved run \(this one is (\w+)\)\.)",
       "银行文件须由已审批的工资计算单生成（此单为$1）。", "", {}},
      {R"(Only a draft run can be recomputed \(this one is (\w+).*)", "只有草稿才能重新计算（此单为$1，或刚被他人更改）。", "", {}},
      {R"(Only a draft run can be approved \(this one is (\w+)\)\.)", "只有草稿才能审批（此单为$1）。", "", {}},
      {R"(The run is incomplete \((\d+) payslips held\); recompute it\.)", "工资计算单不完整（现有 $1 张工资条），请重新计算。",
       "", {}},
      {R"(The run is still computing \((\d+) of (\d+)\).*)", "正在计算（$1/$2），完成后可查看工资条。", "", {}},
      {R"(The period (\d{4}-\d{2}) is approved and locked.*)", "$1 已审批锁定，该项只计入以后月份。", "", {}},
      {R"(The policy lacks (\d+) figure\(s\) payroll needs; the bureau sets them\.)",
       "政策缺少 $1 项工资核算所需的数据（缴费基数上下限、单位缴费比例等），须由民政局设置。", "", {}},
      {R"(\d+ employment\(s\) cannot be paid: the policy of \S+ lacks (.+))",
       "当地政策缺少 $1，无法计算工资，须由民政局设置。", "", {}},
      {R"((\d+) worker\(s\) had no bank account when the run was computed, e\.g\. (.*)\.)",
       "$1 名员工在计算时没有银行账号，例如 $2。", "", {}},
      {R"(Only a signed contract can be activated \(this one is (\w+)\)\.)", "只有已签订的合同才能开始履行（此合同$1）。", "", {}},
      {R"(The contract's term begins on (\d{4}-\d{2}-\d{2}); it can be activated from then\.)",
       "合同期限自 $1 起，届时方可开始履行。", "", {}},
      {R"(Only an active contract reaches its end \(this one is (\w+)\)\.)", "只有履行中的合同才能到期结束（此合同$1）。", "", {}},
      {R"(The contract runs until (\d{4}-\d{2}-\d{2}); end it from then, or terminate it\.)",
       "合同履行至 $1，届时方可结束；如需提前结束，请终止合同。", "", {}},
      {R"(Only a signed or active contract can be terminated \(this one is (\w+)\)\.)",
       "只有已签订或履行中的合同才能终止（此合同$1）。", "", {}},
      {R"(Only an active or ended contract can be renewed \(this one is (\w+)\)\.)",
       "只有履行中或已到期的合同才能续签（此合同$1）。", "", {}},
      {R"(A contract is renewed on a passing evaluation; its latest \((\d{4})\) failed\.)",
       "合同须经评估合格方可续签；其最近一次（$1 年度）评估不合格。", "", {}},
      {R"(must be from (\d{4}) to (\d{4}))", "应为 $1 至 $2 年", "out_of_range", {"min", "max"}},
      {R"(is not in post at this station on (\d{4}-\d{2}-\d{2}))", "$1 不在该站点在岗", "not_found", {"on"}},
      {R"(must list every worker in post on (\d{4}-\d{2}-\d{2}); employment (\d+) is missing)",
       "须列出 $1 在岗的每一名人员；缺少聘用记录 $2", "required", {"on", "employment_id"}},
      {R"(employment (\d+) starts at the station on (\d{4}-\d{2}-\d{2}), on or after the hand-over; end it first)",
       "聘用记录 $1 于 $2 在该站点入职，不早于移交日期；请先终止该聘用", "invalid", {"employment_id", "on"}},
      {R"(must be after (\d{4}-\d{2}-\d{2}))", "应晚于 $1", "before_start", {"min"}},
      {R"(The worker has served ten years in a row since (\d{4}-\d{2}-\d{2}).*)",
       "该社工自 $1 起已连续工作满十年，应订立无固定期限劳动合同（《劳动合同法》第十四条第一款）。", "", {}},
      {R"(the agency already runs (.+))", "该机构已在运营$1", "", {}},
      // The history's reasons (workforce hire, payroll/Assessments.cpp) and a year's increment
      // (pay/PayRules.cpp applyIncrement).
      {R"(hire: (.+))", "入职：$1", "", {}},
      {R"(annual increment (\d{4}): (.+))", "$1 年度晋级：$2", "", {}},
      {R"(rated (\w+): grade (\d+) to (\d+))", "考核$1：由 $2 级晋升至 $3 级", "", {}},
      {R"(rated (\w+), below (\w+))", "考核$1，低于晋级要求的$2", "", {}},
      {R"(rated (\w+): pay raised ([\d.]+) %)", "考核$1：工资上调 $2%", "", {}},
      {R"(already at the top grade (\d+))", "已是最高等级 $1 级", "", {}},
      {R"(the same person is on line (\d+))", "与第 $1 行是同一人", "duplicate", {"line"}},
      {R"((\d+) problem\(s\) in the file; nothing was imported\.)", "文件中有 $1 处问题，本次未导入任何人员。", "", {}},
      {R"(record (\d+) is missing)", "第 $1 条记录缺失", "", {}},
      {R"(No such path\. Did you mean: (.+)\?)", "没有这个接口。", "", {}},
      {R"((\S+) is not allowed here; use (.+)\.)", "此处不接受 $1 请求。", "", {}},
      {R"((\S+) grade (\d+) pays ([\d.]+), below the minimum wage ([\d.]+) of (.+) \((\d+)\).*)",
       "岗位 $1 第 $2 级月工资 $3 元，低于$5（$6）最低工资标准 $4 元", "below_minimum_wage", {}},
  };
  return all;
}

std::string_view word(std::string_view w) {
  for (const auto& [en, zh] : kWords)
    if (en == w) return zh;
  return w;
}

struct Match {
  std::string_view code;
  std::string zh;
  std::vector<std::pair<std::string_view, std::string>> params;
};

std::optional<Match> find(std::string_view english);

// A list ("a, b, c") said word by word in Chinese.
std::string wordsOf(const std::string& list) {
  std::string out;
  std::size_t at = 0;
  while (at <= list.size()) {
    auto comma = list.find(", ", at);
    auto item = list.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
    if (!out.empty()) out += "、";
    auto w = word(item);
    if (w == item) {
      // A sentence inside a sentence ("You may not disable this account: <why>.").
      auto trimmed = item.ends_with('.') ? item.substr(0, item.size() - 1) : item;
      if (trimmed.find(' ') != std::string::npos)
        if (auto inner = find(trimmed)) {
          out += inner->zh;
          if (comma == std::string::npos) break;
          at = comma + 2;
          continue;
        }
    }
    out += w;
    if (comma == std::string::npos) break;
    at = comma + 2;
  }
  return out;
}

std::optional<Match> find(std::string_view english) {
  for (const auto& p : kPhrases)
    if (p.en == english) return Match{p.code, std::string(p.zh), {}};
  static const std::vector<std::regex> compiled = [] {
    std::vector<std::regex> out;
    for (const auto& p : patterns()) out.emplace_back(p.re);
    return out;
  }();
  std::string text(english);
  const auto& all = patterns();
  for (std::size_t i = 0; i < all.size(); ++i) {
    std::smatch m;
    if (!std::regex_match(text, m, compiled[i])) continue;
    Match out{all[i].code.empty() ? "invalid" : all[i].code, std::string(all[i].zh), {}};
    // $9 down to $1, so $1 does not eat the start of $10 (no pattern has ten captures).
    for (std::size_t g = m.size() - 1; g >= 1; --g) {
      std::string said = wordsOf(m[g].str());
      std::string tag = "$" + std::to_string(g);
      for (auto at = out.zh.find(tag); at != std::string::npos; at = out.zh.find(tag, at + said.size()))
        out.zh.replace(at, tag.size(), said);
    }
    for (std::size_t g = 1; g < m.size() && g - 1 < all[i].params.size(); ++g)
      if (!all[i].params[g - 1].empty()) out.params.emplace_back(all[i].params[g - 1], m[g].str());
    return out;
  }
  return std::nullopt;
}

// A parameter as JSON: digits as a number, a list ("a, b") as an array, else a string.
Poco::Dynamic::Var paramValue(std::string_view name, const std::string& v) {
  if (name == "values") {
    auto a = json::array();
    std::size_t at = 0;
    while (true) {
      auto comma = v.find(", ", at);
      a->add(v.substr(at, comma == std::string::npos ? std::string::npos : comma - at));
      if (comma == std::string::npos) break;
      at = comma + 2;
    }
    return a;
  }
  bool digits = !v.empty() && v.size() < 18 &&
                std::all_of(v.begin() + (v[0] == '-' ? 1 : 0), v.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  if (digits && v != "-") return static_cast<Poco::Int64>(std::stoll(v));
  return v;
}

constexpr std::pair<Code, std::string_view> kTitlesZh[] = {
    {Code::validation_failed, "请按提示更正标出的内容。"},
    {Code::bad_request, "请求格式有误。"},
    {Code::malformed_json, "请求格式有误。"},
    {Code::unauthenticated, "请重新登录。"},
    {Code::forbidden, "您没有权限进行此操作。"},
    {Code::not_found, "未找到，或不在您的权限范围内。"},
    {Code::method_not_allowed, "不支持此操作。"},
    {Code::conflict, "与当前状态冲突，请刷新后再试。"},
    {Code::blacklisted, "此人在行业失信名单上，不能聘用。"},
    {Code::already_employed, "此人已在其他机构任职。"},
    {Code::ineligible, "不符合当地聘用条件。"},
    {Code::notice_too_short, "通知期短于法定要求。"},
    {Code::period_locked, "该月份已审批锁定。"},
    {Code::four_eyes, "需由另一位管理员审批。"},
    {Code::unconfirmed_approver, "您的账户须经民政局确认后才能审批工资或下载银行文件。"},
    {Code::open_ended_required, "应订立无固定期限劳动合同。"},
    {Code::policy_incomplete, "当地政策缺少工资核算所需的数据，须由民政局先行设置。"},
    {Code::account_locked, "登录失败次数过多，账户已暂时锁定。"},
    {Code::password_change_required, "您的密码由他人设置，请先设置您自己的密码。"},
    {Code::payload_too_large, "文件或请求过大。"},
    {Code::request_timeout, "请求超时，请重试。"},
    {Code::length_required, "请求缺少长度信息。"},
    {Code::headers_too_large, "请求头过大。"},
    {Code::rate_limited, "请求过于频繁，请稍后再试。"},
    {Code::unavailable, "服务暂时不可用，请稍后再试。"},
    {Code::internal, "出现了意外错误，请稍后再试。"},
};

}  // namespace

Lang fromAcceptLanguage(std::string_view header) {
  // "zh-CN,zh;q=0.9,en;q=0.8": the best q among zh and en wins; ties go to the first listed.
  double zh = -1, en = -1;
  std::size_t at = 0;
  while (at < header.size()) {
    auto comma = header.find(',', at);
    auto part = header.substr(at, comma == std::string_view::npos ? std::string_view::npos : comma - at);
    at = comma == std::string_view::npos ? header.size() : comma + 1;
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    auto semi = part.find(';');
    auto tag = part.substr(0, semi);
    double q = 1.0;
    if (semi != std::string_view::npos) {
      auto qpos = part.find("q=", semi);
      if (qpos != std::string_view::npos) q = std::atof(std::string(part.substr(qpos + 2)).c_str());
    }
    auto lower = [](std::string_view s) {
      std::string out(s);
      for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return out;
    };
    auto t = lower(tag);
    if ((t == "zh" || t.rfind("zh-", 0) == 0) && q > zh) zh = q;
    if ((t == "en" || t.rfind("en-", 0) == 0) && q > en) en = q;
  }
  return zh > en ? Lang::zh : Lang::en;
}

std::optional<std::string> chinese(std::string_view english) {
  if (auto m = find(english)) return m->zh;
  return std::nullopt;
}

std::string say(std::string_view english, Lang lang, std::string_view fallback) {
  if (lang == Lang::en) return std::string(english);
  if (auto zh = chinese(english)) return *zh;
  // Text the server already writes in Chinese (a few exports' refusals) stays as it is.
  bool ascii = std::all_of(english.begin(), english.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (!ascii) return std::string(english);
  spdlog::warn("no Chinese for the message \"{}\"; add it to server/common/Messages.cpp", english);
  return std::string(fallback);
}

std::string title(Code code, Lang lang) {
  if (lang == Lang::en) return std::string(codeTitle(code));
  for (const auto& [c, zh] : kTitlesZh)
    if (c == code) return std::string(zh);
  return "出现了错误。";
}

std::string detail(const Error& e, Lang lang) { return say(e.detail(), lang, title(e.code(), lang)); }

void sayEach(const json::Arr& items, const std::string& key, Lang lang) {
  for (std::size_t i = 0; items && i < items->size(); ++i) {
    auto o = items->getObject(static_cast<unsigned>(i));
    if (!o || !o->has(key) || o->isNull(key)) continue;
    // What the catalogue lacks is what a person typed: it stays as they wrote it.
    auto text = o->getValue<std::string>(key);
    o->set(key + "_detail", lang == Lang::en ? text : chinese(text).value_or(text));
  }
}

Described describe(const FieldError& f, Lang lang) {
  auto m = find(f.message);
  Described out;
  out.code = m ? std::string(m->code) : "invalid";
  out.params = json::object();
  if (m)
    for (const auto& [name, value] : m->params) out.params->set(std::string(name), paramValue(name, value));
  out.text = lang == Lang::en ? f.message : say(f.message, lang, "内容有误");
  return out;
}

}  // namespace sr::messages
