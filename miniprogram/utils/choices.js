/**
 * Choices the join form offers for fields the server stores as free text: the Chinese names on the
 * national forms are the values themselves. Labels of coded fields come from the server (labels.js).
 */
const asOptions = names => names.map(name => ({ value: name, label: name }))

const ETHNICITIES = asOptions(['汉族', '蒙古族', '回族', '藏族', '维吾尔族', '苗族', '彝族', '壮族', '布依族',
  '朝鲜族', '满族', '侗族', '瑶族', '白族', '土家族', '哈尼族', '哈萨克族', '傣族', '黎族', '傈僳族',
  '佤族', '畲族', '高山族', '拉祜族', '水族', '东乡族', '纳西族', '景颇族', '柯尔克孜族', '土族',
  '达斡尔族', '仫佬族', '羌族', '布朗族', '撒拉族', '毛南族', '仡佬族', '锡伯族', '阿昌族', '普米族',
  '塔吉克族', '怒族', '乌孜别克族', '俄罗斯族', '鄂温克族', '德昂族', '保安族', '裕固族', '京族',
  '塔塔尔族', '独龙族', '鄂伦春族', '赫哲族', '门巴族', '珞巴族', '基诺族', '其他'])

const EDUCATION = asOptions(['小学及以下', '初中', '高中', '中专/技校', '大专', '本科', '研究生及以上'])

const POLITICAL_STATUS = asOptions(['群众', '共青团员', '中共预备党员', '中共党员', '民主党派', '无党派人士'])

module.exports = { ETHNICITIES, EDUCATION, POLITICAL_STATUS }
