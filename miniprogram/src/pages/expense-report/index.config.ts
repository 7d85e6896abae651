export default definePageConfig({
  navigationBarTitleText: '费用报表',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark'
})
