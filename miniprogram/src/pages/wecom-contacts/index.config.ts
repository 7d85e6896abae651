export default definePageConfig({
  navigationBarTitleText: '待建档',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark'
})
